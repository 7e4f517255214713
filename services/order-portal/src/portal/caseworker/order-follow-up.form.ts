import type { FieldIssue } from '@rammeaftale/domain';
import { FollowUpBody } from '../../orders/follow-up.schemas';
import { isoFromDateField } from '../kit/format';
import type { FormSpec } from '../kit/form-kit';

/** What a follow-up assesses, in the order the form shows it (goals, then themes). */
export interface AssessedItem {
  key: string;
  label: string;
}

/** The status field of the n-th item (from 1): the message table knows `status-1` … `status-60`. */
export const statusField = (n: number) => `status-${n}`;

/**
 * A follow-up meeting as the API's `FollowUpBody`: one status select per goal and theme. An issue
 * about the i-th assessment, or about an item left out (`assessments.<key>`), marks its select.
 */
export function followUpForm(items: readonly AssessedItem[]): FormSpec<FollowUpBody> {
  const statusFields = items.map((_, i) => statusField(i + 1));
  return {
    name: 'followUp',
    fields: ['heldOn', ...statusFields, 'notes', 'nextDueOn'],
    schema: FollowUpBody,
    toBody: (v) => ({
      heldOn: isoFromDateField(v.heldOn ?? ''),
      assessments: items.map((it, i) => ({ key: it.key, status: v[statusField(i + 1)] ?? '' })),
      notes: v.notes,
      nextDueOn: isoFromDateField(v.nextDueOn ?? ''),
    }),
    fieldOf: (issue: FieldIssue) => {
      const m = /^assessments\.([^.]+)/.exec(issue.field);
      if (!m) return undefined;
      const byIndex = Number(m[1]);
      const i = Number.isInteger(byIndex) ? byIndex : items.findIndex((it) => it.key === m[1]);
      return i >= 0 && i < items.length ? statusField(i + 1) : undefined;
    },
  };
}
