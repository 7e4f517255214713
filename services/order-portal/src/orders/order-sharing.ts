/** What the shared-offer check reads of other municipalities' open orders (order.repository.ts). */
import type { OrderState } from '@rammeaftale/domain';

/** What a joint offer needs to know of another municipality's open order, and no more. */
export interface OpenOrderForSharing {
  orderId: string;
  municipalityCode: number;
  organisationId: string;
  targetGroup: string;
  legalBasis: string;
  wantedStart: string;
  ageBand: string;
  status: OrderState;
}

/** An age band, not the age: enough to judge a joint offer, less to identify a citizen. */
export const ageBand = (age: number) =>
  age < 18 ? 'under 18' : age < 30 ? '18-29' : age < 50 ? '30-49' : '50+';

export const SHARING_FIELDS = {
  actingOrganisationId: 1,
  actingMunicipalityCode: 1,
  'need.targetGroup': 1,
  'need.legalBasis': 1,
  'need.wantedStart': 1,
  'citizen.age': 1,
  status: 1,
  createdAt: 1,
};
