import { Schema, type Connection, type Model } from 'mongoose';
import { requireParty, scopeFilter, type PartyScope, type ScopeFilters } from '@rammeaftale/db';
import type { SearchRowDoc } from './order.model';

/**
 * The rows of each order's last search — which suitable offers were shown in which order, their
 * tier, score, staleness and free places — one document per order, kept beside the order so the
 * order itself stays small (order.model.ts, SearchSnapshotDoc). No citizen data: offer ids and
 * numbers, under the acting municipality like the order.
 */
export interface SearchRowsDoc {
  _id: string;
  actingOrganisationId: string;
  at: Date;
  /** The digest the order's `lastSearch.resultsDigest` names when these rows are its last search's. */
  digest: string;
  results: SearchRowDoc[];
}

const schema = new Schema<SearchRowsDoc>(
  {
    _id: { type: String, required: true },
    actingOrganisationId: { type: String, required: true },
    at: { type: Date, required: true },
    digest: { type: String, required: true },
    results: { type: Schema.Types.Mixed, default: [] },
  },
  { versionKey: false, collection: 'order_search_rows' },
);

const ACTING: ScopeFilters<'acting'> = { acting: (id) => ({ actingOrganisationId: id }) };

export class SearchRowsRepository {
  private readonly Rows: Model<SearchRowsDoc>;

  constructor(conn: Connection) {
    this.Rows =
      (conn.models.OrderSearchRows as Model<SearchRowsDoc>) ??
      conn.model<SearchRowsDoc>('OrderSearchRows', schema);
  }

  /** Keeps a search's rows as the order's last (one document per order, replaced). */
  async save(
    scope: PartyScope<'acting'>,
    orderId: string,
    rows: { at: Date; digest: string; results: SearchRowDoc[] },
  ): Promise<void> {
    const acting = requireParty(scope, 'acting').id;
    await this.Rows.replaceOne(
      { _id: orderId, actingOrganisationId: acting },
      { _id: orderId, actingOrganisationId: acting, ...rows },
      { upsert: true },
    );
  }

  async get(scope: PartyScope<'acting'>, orderId: string): Promise<SearchRowsDoc | undefined> {
    const filter = { _id: orderId, ...scopeFilter(requireParty(scope, 'acting'), ACTING) };
    return (await this.Rows.findOne(filter).lean<SearchRowsDoc>()) ?? undefined;
  }
}
