import { CAPACITY_COLUMNS } from '../offers/import/capacity.import';
import { OFFER_COLUMNS } from '../offers/import/offers.import';
import { ORGANISATION_COLUMNS } from '../offers/import/organisations.import';
import { TARIFF_COLUMNS } from '../offers/import/tariffs.import';
import { toCsv } from './csv-writer';
import { generateDataset, type DemoDataset, type GenerateOptions } from './generate';

export interface DemoCsvFiles {
  organisations: string;
  offers: string;
  capacity: string;
  tariffs: string;
}

/** The seed of the Region Zealand demo set: change it and every demo screenshot changes. */
export const DEMO_SEED = 20_250_101;
export const DEMO_OFFER_COUNT = 300;

export function datasetToCsv(data: DemoDataset): DemoCsvFiles {
  return {
    organisations: toCsv(ORGANISATION_COLUMNS, data.organisations),
    offers: toCsv(OFFER_COLUMNS, data.offers),
    capacity: toCsv(CAPACITY_COLUMNS, data.capacity),
    tariffs: toCsv(TARIFF_COLUMNS, data.tariffs),
  };
}

/** The four import files of a generated data set; the order of the keys is the import order. */
export function generateCsvFiles(opts: GenerateOptions): {
  data: DemoDataset;
  files: DemoCsvFiles;
} {
  const data = generateDataset(opts);
  return { data, files: datasetToCsv(data) };
}
