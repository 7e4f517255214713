import type { ContractBasis } from '@rammeaftale/service-api';
import type { AccessLogEntry } from '@rammeaftale/privacy';
import type { orderReport } from '../../src/orders/order-reports.use-case';
import type { caseworkerView, supplierRequestView } from '../../src/orders/order.views';
import type { sendRequests } from '../../src/orders/requests.use-case';
import type { SearchView } from '../../src/orders/search-placements.use-case';
import type {
  recordSharedOfferCheck,
  showSharedOfferCandidates,
} from '../../src/orders/shared-offer.use-case';

/**
 * A response body read as the type the route answers with (the API's own view types; dates
 * arrive as ISO strings). Tests compare values, so the type only has to name the fields.
 */
export const json = <T>(res: { body: unknown }): T => res.body as T;

/** An RFC 9457 problem as packages/http answers it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: { field: string; code?: string; message: string; row?: number }[];
}

export type OrderView = ReturnType<typeof caseworkerView>;
export type SupplierRequestView = ReturnType<typeof supplierRequestView>;
export type { SearchView, ContractBasis };
export type SentRequests = Awaited<ReturnType<typeof sendRequests>>;
export type SharedOfferCheckView = Awaited<ReturnType<typeof showSharedOfferCandidates>>;
export type RecordedCheck = Awaited<ReturnType<typeof recordSharedOfferCheck>>;
export type OrderReport = Awaited<ReturnType<typeof orderReport>>;
export interface CitizenExtract {
  citizenRef: string;
  entries: AccessLogEntry[];
}
