import type { Connection } from 'mongoose';
import type { Actor } from '@rammeaftale/auth';
import type { Logger } from '@rammeaftale/logging';
import type { AccessLog } from '@rammeaftale/privacy';
import { orderModel } from '../order.model';
import {
  anonymisedOrder,
  isDueForAnonymisation,
  retentionStart,
  type RetentionFacts,
} from './order-retention.rules';

export interface OrderRetentionDeps {
  db: Connection;
  accessLog: AccessLog;
  logger: Logger;
}

/** Who anonymises, as the access log records it: the sweeper, on behalf of the acting municipality. */
const retentionActor = (organisationId: string): Actor => ({
  userId: 'order-retention',
  role: 'service',
  organisationId,
  name: 'Sletning efter opbevaringsperiode',
});

const PURPOSE = 'Anonymisering efter opbevaringsperioden (ORDER_RETENTION_DAYS)';
const OVER = ['ended', 'cancelled', 'expired'];

type StoredOrder = Record<string, unknown> & {
  _id: string;
  actingOrganisationId: string;
  revision: number;
  citizen?: { reference?: string };
  retention?: { logged?: boolean; citizenRef?: string };
};

/**
 * The retention sweeper: every order over for longer than `retentionDays` is replaced by its
 * anonymised version (order-retention.rules.ts), and each anonymisation gets exactly one entry in
 * the access log (action `delete`, the citizen's former pseudonym as the reference, so the
 * municipality finds it beside the citizen's other entries).
 *
 * Outbox-style, as the order's other writes: the replacement is one guarded single-document write
 * (`revision`) that also records `retention.logged: false` and the former pseudonym; the entry is
 * written after it, then the mark is cleared with the pseudonym. A crash in between leaves the
 * mark, and the next pass writes the entry then — never an entry without an anonymisation. The
 * order is replaced through the driver: fields are removed, never re-encrypted.
 */
export async function anonymiseOrdersPastRetention(
  deps: OrderRetentionDeps,
  opts: { retentionDays: number; now: Date; batch?: number },
): Promise<{ anonymised: number }> {
  const orders = orderModel(deps.db).collection;
  await finishAccessLog(deps, orders);
  const candidates = await orders
    .find(
      { status: { $in: OVER }, retention: { $exists: false } },
      { projection: { status: 1, transitions: 1, placement: 1, contract: 1, updatedAt: 1 } },
    )
    .limit(opts.batch ?? 500)
    .toArray();
  let anonymised = 0;
  for (const c of candidates) {
    if (!isDueForAnonymisation(c as unknown as RetentionFacts, opts.retentionDays, opts.now))
      continue;
    if (await anonymiseOne(deps, orders, String(c._id), opts.now)) anonymised++;
  }
  if (anonymised > 0)
    deps.logger.info(
      { anonymised, retentionDays: opts.retentionDays },
      'orders past their retention anonymised',
    );
  return { anonymised };
}

type Orders = ReturnType<typeof orderModel>['collection'];

async function anonymiseOne(
  deps: OrderRetentionDeps,
  orders: Orders,
  id: string,
  now: Date,
): Promise<boolean> {
  const doc = (await orders.findOne({ _id: id } as never)) as StoredOrder | null;
  if (!doc || doc.retention) return false;
  const start = retentionStart(doc as unknown as RetentionFacts);
  if (!start) return false;
  const anon = anonymisedOrder(doc, { now, ...start });
  const citizenRef = doc.citizen?.reference;
  const replaced = await orders.replaceOne({ _id: id, revision: doc.revision } as never, {
    ...anon,
    retention: { ...(anon.retention as object), logged: false, citizenRef },
    revision: doc.revision + 1,
    updatedAt: now,
  });
  // Changed meanwhile (an event applied, a page saved): the next pass tries again.
  if (replaced.modifiedCount !== 1) return false;
  await logAnonymisation(deps, orders, { ...doc, retention: { logged: false, citizenRef } });
  return true;
}

/** Orders anonymised whose access-log entry was not yet written (a crash after the write). */
async function finishAccessLog(deps: OrderRetentionDeps, orders: Orders): Promise<void> {
  const pending = (await orders
    .find(
      { 'retention.logged': false },
      {
        projection: { actingOrganisationId: 1, retention: 1 },
      },
    )
    .toArray()) as unknown as StoredOrder[];
  for (const o of pending) await logAnonymisation(deps, orders, o);
}

async function logAnonymisation(
  deps: OrderRetentionDeps,
  orders: Orders,
  o: Pick<StoredOrder, '_id' | 'actingOrganisationId' | 'retention'>,
): Promise<void> {
  await deps.accessLog(retentionActor(o.actingOrganisationId), {
    action: 'delete',
    purpose: PURPOSE,
    // The former pseudonym; an order without one (never the case today) is named by its id.
    citizenRef: o.retention?.citizenRef ?? `order:${o._id}`,
    resource: { type: 'order', id: o._id },
  });
  await orders.updateOne({ _id: o._id } as never, {
    $set: { 'retention.logged': true },
    $unset: { 'retention.citizenRef': '' },
  });
}

/**
 * The sweeper as the housekeeping runs it (every few minutes): a pass at most once a day, a
 * period counted in years needs no more. The first call passes.
 */
export function dailyOrderRetention(
  deps: OrderRetentionDeps,
  retentionDays: number,
): (now: Date) => Promise<{ anonymised: number } | undefined> {
  let last: number | undefined;
  return async (now) => {
    if (last !== undefined && now.getTime() - last < 24 * 60 * 60 * 1000) return undefined;
    last = now.getTime();
    return anonymiseOrdersPastRetention(deps, { retentionDays, now });
  };
}
