import { CreateOrderBody } from '../../orders/order.schemas';
import { intFromField, isoFromDateField } from '../kit/format';
import { listOf, optional, type FormSpec } from '../kit/form-kit';

export const ORDER_FIELDS = [
  'reference',
  'age',
  'gender',
  'cpr',
  'targetGroup',
  'legalBasis',
  'wantedStart',
  'expectedDurationMonths',
  'needs',
  'specialRequirements',
  'requiredCompetences',
  'wishedCompetences',
  'homeMunicipalityCode',
  'payingMunicipalityCode',
  'goal1',
  'followUp1',
  'goal2',
  'followUp2',
] as const;

/** The new-order form as the API's `CreateOrderBody` (POST /api/orders takes the same). */
export const ORDER_FORM: FormSpec<CreateOrderBody> = {
  name: 'order',
  fields: ORDER_FIELDS,
  schema: CreateOrderBody,
  toBody: (v) => ({
    payingMunicipalityCode: intFromField(v.payingMunicipalityCode ?? ''),
    citizen: {
      reference: v.reference,
      age: intFromField(v.age ?? ''),
      gender: optional(v.gender),
      cpr: optional(v.cpr),
    },
    need: {
      targetGroup: v.targetGroup,
      legalBasis: v.legalBasis,
      wantedStart: isoFromDateField(v.wantedStart ?? ''),
      expectedDurationMonths: intFromField(v.expectedDurationMonths ?? ''),
      needs: v.needs,
      specialRequirements: optional(v.specialRequirements),
      homeMunicipalityCode: v.homeMunicipalityCode
        ? intFromField(v.homeMunicipalityCode)
        : undefined,
      requiredCompetences: listOf(v.requiredCompetences ?? ''),
      wishedCompetences: listOf(v.wishedCompetences ?? ''),
    },
    // A second goal is all or nothing: half of one is refused by the schema on the empty half.
    goals: [
      { goal: v.goal1, followUp: v.followUp1 },
      ...(v.goal2 || v.followUp2 ? [{ goal: v.goal2, followUp: v.followUp2 }] : []),
    ],
  }),
  paths: {
    'goals.0.goal': 'goal1',
    'goals.0.followUp': 'followUp1',
    'goals.1.goal': 'goal2',
    'goals.1.followUp': 'followUp2',
    goals: 'goal1',
    'need.requiredCompetences': 'requiredCompetences',
    'need.wishedCompetences': 'wishedCompetences',
    'need.homeMunicipalityCode': 'homeMunicipalityCode',
  },
};
