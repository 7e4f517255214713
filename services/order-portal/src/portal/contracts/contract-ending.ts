import { CancellationBody, RescissionBody, TerminationBody } from '@rammeaftale/service-api';
import type { z } from 'zod';
import { isoFromDateField } from '../kit/format';
import { optional, type FormSpec } from '../kit/form-kit';
import type { Step } from './contract.page';

/**
 * How a contract ends before or after it came into force, from the contract page: the buyer
 * withdraws one not yet signed, the supplier rejects the draft it was sent, either party
 * terminates a running one with notice (opsigelse) or at once with a reason (ophævelse). Each
 * form is checked by the contracts service's own schema; the other party gets a letter from it.
 */
export const ENDING_NOTICES = {
  trukket: 'Kontrakten er trukket tilbage. Bestillingen kan nu få et andet tilbud.',
  afvist: 'I har afvist kontrakten. Kommunen får et brev om det.',
  opsagt: 'Kontrakten er opsagt. Den anden part får et brev om opsigelsen.',
  ophaevet: 'Kontrakten er ophævet. Den anden part får et brev om ophævelsen.',
} as const;

type Cancellation = z.infer<typeof CancellationBody>;
const cancellation = (field: string): FormSpec<Cancellation> => ({
  name: 'contractEnding',
  fields: [field],
  schema: CancellationBody,
  toBody: (v) => ({ reason: v[field] }),
  paths: { reason: field },
});

export const ENDING_STEPS = [
  {
    path: 'trak-tilbage',
    role: 'caseworker',
    done: 'trukket',
    spec: cancellation('withdrawReason'),
    run: (c, t, id, b) => c.withdraw(t, id, b),
  } satisfies Step<Cancellation>,
  {
    path: 'afvis',
    role: 'supplier',
    done: 'afvist',
    spec: cancellation('rejectReason'),
    run: (c, t, id, b) => c.reject(t, id, b),
  } satisfies Step<Cancellation>,
  {
    path: 'opsig',
    role: ['caseworker', 'supplier'],
    done: 'opsagt',
    spec: {
      name: 'contractEnding',
      fields: ['noticeGivenOn', 'terminationReason'],
      schema: TerminationBody,
      toBody: (v) => ({
        noticeGivenOn: isoFromDateField(v.noticeGivenOn ?? ''),
        reason: v.terminationReason,
      }),
      paths: { reason: 'terminationReason' },
    },
    run: (c, t, id, b) => c.terminate(t, id, b),
  } satisfies Step<z.infer<typeof TerminationBody>>,
  {
    path: 'ophaev',
    role: ['caseworker', 'supplier'],
    done: 'ophaevet',
    spec: {
      name: 'contractEnding',
      fields: ['effectiveOn', 'rescissionReason'],
      schema: RescissionBody,
      toBody: (v) => ({
        effectiveOn: optional(isoFromDateField(v.effectiveOn ?? '')),
        reason: v.rescissionReason,
      }),
      paths: { reason: 'rescissionReason' },
    },
    run: (c, t, id, b) => c.rescind(t, id, b),
  } satisfies Step<z.infer<typeof RescissionBody>>,
];
