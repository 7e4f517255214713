import type { PolicyValues } from '@rammeaftale/domain';
import type { CAPACITY_COLUMNS } from '../offers/import/capacity.import';
import type { OFFER_COLUMNS } from '../offers/import/offers.import';
import type { ORGANISATION_COLUMNS } from '../offers/import/organisations.import';
import type { TARIFF_COLUMNS } from '../offers/import/tariffs.import';

type Row<C extends readonly { key: string }[]> = Partial<Record<C[number]['key'], string>>;
export type OrganisationCsvRow = Row<typeof ORGANISATION_COLUMNS>;
export type OfferCsvRow = Row<typeof OFFER_COLUMNS>;
export type CapacityCsvRow = Row<typeof CAPACITY_COLUMNS>;
export type TariffCsvRow = Row<typeof TARIFF_COLUMNS>;

/** A whole data set as the rows of the four import files, plus the policy values of each year. */
export interface DemoDataset {
  organisations: OrganisationCsvRow[];
  offers: OfferCsvRow[];
  capacity: CapacityCsvRow[];
  tariffs: TariffCsvRow[];
  policies: PolicyValues[];
  offerCount: number;
}
