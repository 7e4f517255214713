import { z } from 'zod';

/**
 * What callers send the contracts service to change a contract or a tariff change: declared once
 * here, validated by standard-contract's routes and by the order portal's forms before they call
 * it, so a form and the service can never disagree on what is valid.
 */

/** A real calendar date: 2026-02-30 is refused here, not discovered later by a rule. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    },
    { message: 'not a calendar date', params: { code: 'invalid_date' } },
  );
const text = (max: number) => z.string().trim().min(1).max(max);
const documentReference = z
  .string()
  .regex(/^[A-Za-z0-9_:./-]{1,200}$/, 'a document reference (letters, digits, _:./-)');
const contractId = z.string().regex(/^c-[A-Za-z0-9_.-]{1,100}$/, 'a contract id (c-<order id>)');

/** Accepting or signing names the version that was read and agreed to. */
export const VersionBody = z.strictObject({
  version: z.number().int().positive().describe('The version read and agreed to'),
});

export const ActivateBody = z.strictObject({
  startedOn: isoDate.optional().describe('Defaults to the contract start date'),
});

/** Termination with notice (opsigelse): the notice runs to the end of a month. */
export const TerminationBody = z.strictObject({
  noticeGivenOn: isoDate.describe('The day notice was given'),
  reason: text(2000),
});

/** Immediate termination (ophævelse), e.g. for a material breach: the reason is required. */
export const RescissionBody = z.strictObject({
  effectiveOn: isoDate
    .optional()
    .describe('The day the contract ends; default today, never later (a later end is notice)'),
  reason: text(2000).describe('Why the contract is ended at once'),
});

/** The buyer withdraws a contract not yet signed; the supplier rejects a draft it was sent. */
export const CancellationBody = z.strictObject({
  reason: text(2000),
});

const ore = z
  .number()
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER)
  .describe('DKK in integer øre');

/**
 * What an amendment proposal may change: a closed list. Services (changed content or level, extra
 * services) as the full new list, the daily basis and additional tariffs (a price agreed outside
 * the tariff path), and the agreed last day. Anything else is refused (400).
 */
export const ProposedChanges = z
  .strictObject({
    services: z
      .array(z.strictObject({ description: text(300), legalBasis: text(100) }))
      .min(1)
      .max(20)
      .optional()
      .describe('The services from effectiveFrom, in full (replaces the list)'),
    dailyBasisTariffOre: ore.positive().optional().describe('The new daily basis tariff'),
    additionalTariffs: z
      .array(z.strictObject({ description: text(300), dailyOre: ore }))
      .max(20)
      .optional()
      .describe('The additional tariffs from effectiveFrom, in full'),
    endDate: isoDate.optional().describe('The agreed last day of the contract'),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'propose at least one change',
    params: { code: 'no_change' },
  });

/** One party proposes an amendment to an active contract; the other party accepts or declines it. */
export const AmendmentProposalBody = z.strictObject({
  effectiveFrom: isoDate.describe('The day the changes apply from'),
  reason: text(2000).describe('Why the change is proposed'),
  changes: ProposedChanges,
});

/** The other party's answer to a proposal: an acceptance makes it a numbered amendment. */
export const ProposalDecisionBody = z.strictObject({
  decision: z.enum(['accept', 'decline']),
  comment: text(2000).optional(),
});

export const TariffAnnouncementBody = z.strictObject({
  offerId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'an offer id'),
  effectiveFrom: isoDate.describe('The day the new tariff applies from'),
  dailyBasisTariffOre: z
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .describe(
      'The new daily basis tariff (grundtakst) in øre; each contract keeps its additional tariffs',
    ),
  tariffYear: z
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .describe('Default: the year of effectiveFrom'),
  reason: text(2000).describe("The supplier's reason for the change"),
  justificationDocumentReference: documentReference
    .optional()
    .describe('A reference to the justification document (calculation basis), if sent now'),
});

export const BuyerDecisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  contractIds: z
    .array(contractId)
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'each contract once')
    .optional()
    .describe("Default: all of the municipality's contracts in the change still undecided"),
  comment: text(2000).optional(),
  reference: z
    .string()
    .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'an approval reference (letters, digits, _:./-)')
    .optional()
    .describe("The municipality's own reference (journal number); default tariff-change:<id>"),
});

export const JustificationBody = z
  .strictObject({
    documentReference: documentReference.optional(),
    note: text(4000).optional(),
  })
  .refine((b) => b.documentReference !== undefined || b.note !== undefined, {
    message: 'give a document reference, a note or both',
    path: ['documentReference'],
    params: { code: 'note_or_reference' },
  });
