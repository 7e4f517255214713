import { z } from 'zod';

/**
 * What the order portal hands the contracts service when a case worker has selected an offer:
 * everything a national standard contract needs, and nothing more. Served by the order portal at
 * `GET /internal/orders/{orderId}/contract-basis` (service token required) and read by the
 * standard-contract service when it handles the `order.offer-selected` event.
 *
 * The citizen appears only as a pseudonymous reference: never a name or a CPR number.
 */
const ore = z.number().int().nonnegative().describe('DKK in integer øre');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const Party = z.object({
  organisationId: z.string().min(1),
  name: z.string().min(1),
  ean: z
    .string()
    .regex(/^\d{13}$/)
    .optional(),
  cvr: z
    .string()
    .regex(/^\d{8}$/)
    .optional(),
  municipalityCode: z.number().int().optional(),
  contact: z.object({
    name: z.string().optional(),
    email: z.email(),
    phone: z.string().optional(),
    address: z.string().optional(),
  }),
});

export const ContractBasis = z.object({
  orderId: z.string().min(1),
  /** Acting municipality (handlekommune) and paying municipality (betalingskommune) may differ. */
  actingMunicipality: Party,
  payingMunicipality: Party,
  supplier: Party,
  citizen: z.object({
    reference: z.string().min(1).max(64).describe('Pseudonym chosen by the municipality'),
    isChild: z
      .boolean()
      .describe('Under 18 at the start date: decides the children/adults template'),
  }),
  offer: z.object({
    offerId: z.string().min(1),
    tilbudsportalenId: z.string().optional(),
    name: z.string().min(1),
    departmentName: z.string().optional(),
    coveredByFrameworkAgreement: z.boolean(),
    operatorKind: z.enum(['municipal', 'regional', 'private']),
    supervisingAuthority: z.string().min(1).describe('e.g. Socialtilsyn Øst'),
  }),
  services: z
    .array(
      z.object({
        description: z.string().min(1),
        legalBasis: z.string().min(1).describe('e.g. SEL § 108'),
      }),
    )
    .min(1),
  price: z.object({
    dailyBasisTariffOre: ore,
    additionalTariffs: z
      .array(z.object({ description: z.string().min(1), dailyOre: ore }))
      .default([]),
    tariffYear: z.number().int(),
  }),
  startDate: isoDate,
  expectedDurationMonths: z.number().int().positive().optional(),
  goals: z
    .array(z.object({ goal: z.string().min(1), followUp: z.string().min(1) }))
    .min(1)
    .describe('Indsatsmål and how they are followed up'),
  /** When the selection was made and by whom (user id), for the audit trail. */
  selectedAt: z.string(),
  selectedBy: z.string(),
});

export type ContractBasis = z.infer<typeof ContractBasis>;
export type Party = z.infer<typeof Party>;
