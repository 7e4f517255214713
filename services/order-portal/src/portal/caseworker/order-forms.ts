import { PRIVATE_CHOICE_REASON_CODES } from '@rammeaftale/domain';
import type { Order } from '../../orders/order.repository';
import { ReasonBody, SelectBody } from '../../orders/order.schemas';
import type { FieldError } from '../kit/form';
import { messageFor, type FormSpec, type FormValues } from '../kit/form-kit';
import type { z } from 'zod';

export const SELECTION_FIELDS = ['requestId', 'privateReasonCode', 'privateReasonText'] as const;

/**
 * The choice of an answer as the API's `SelectBody`. The reason travels only with a private
 * choice: for a public one the reason fields on the page are not part of the choice.
 */
export const selectionForm = (order: Order): FormSpec<z.infer<typeof SelectBody>> => ({
  name: 'selection',
  fields: SELECTION_FIELDS,
  schema: SelectBody,
  toBody: (v) => {
    const tier = order.requests.find((r) => r.requestId === v.requestId)?.tier;
    const reason =
      tier === 'private' && (v.privateReasonCode || v.privateReasonText)
        ? { privateReason: { code: v.privateReasonCode, text: v.privateReasonText } }
        : {};
    return { requestId: v.requestId, ...reason };
  },
  paths: { 'privateReason.code': 'privateReasonCode', 'privateReason.text': 'privateReasonText' },
});

/** A private choice while a suitable public place is free: the reason fields that are missing. */
export function privateReasonErrors(v: FormValues): FieldError[] {
  const known = (PRIVATE_CHOICE_REASON_CODES as readonly string[]).includes(
    v.privateReasonCode ?? '',
  );
  return [
    ...(known ? [] : ['privateReasonCode']),
    ...((v.privateReasonText ?? '').length < 10 ? ['privateReasonText'] : []),
  ].map((f) => ({ field: f, message: messageFor('selection', f, undefined) }));
}

/** Cancelling an order, as the API's reason body. */
export const CANCEL_FORM: FormSpec<z.infer<typeof ReasonBody>> = {
  name: 'cancel',
  fields: ['cancelReason'],
  schema: ReasonBody,
  toBody: (v) => ({ reason: v.cancelReason }),
  paths: { reason: 'cancelReason' },
};
