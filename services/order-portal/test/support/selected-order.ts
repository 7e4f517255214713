import type { Connection } from 'mongoose';
import request from 'supertest';
import { bearer } from '@rammeaftale/testing';
import { newId } from '../../src/orders/ids';
import { orderModel } from '../../src/orders/order.model';
import { json, type OrderView, type SentRequests } from './json';
import { makeMunicipalities, makeOffer, makeOrganisation, orderBody } from './order-factories';

/** The private supplier whose one offer every order of the fault tests selects. */
export const FAULT_SUPPLIER = 'cvr-11111111';

/**
 * What the fault tests' orders need: Greve, and one private offer of the supplier's with places
 * free (no public offer, so selecting it needs no reason).
 */
export async function makeSelectableOffer(db: Connection): Promise<void> {
  await makeMunicipalities(db, [253]);
  await makeOrganisation(db, {
    _id: FAULT_SUPPLIER,
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '11111111',
  });
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: FAULT_SUPPLIER },
    free: 5,
  });
}

/** One step's answer: its status, and the body when it is JSON. */
export interface Step {
  status: number;
  body: unknown;
  headers?: Record<string, string | undefined>;
  /** The body as it came (a problem's JSON, a page's HTML). */
  text?: string;
}

/**
 * An order taken through the API as far as its outbox event: created (201), searched (a
 * draft becomes `searching`), asked of the supplier, offered, selected (200, which records `order.offer-selected` in the order). Stops
 * at the first step answered otherwise and says which.
 */
export async function createAndSelect(
  url: string,
  tokens: { caseworker: string; supplier: string },
  reference: string,
  opts: {
    timeoutMs?: number;
    /** Told of every step's answer: which, when it was sent and how long it took. */
    onStep?: (name: string, step: Step, sentAt: number, ms: number) => void;
  } = {},
): Promise<{ orderId?: string; failedAt?: string; step?: Step }> {
  const cw = bearer(tokens.caseworker);
  const calls = ['create', 'search', 'requests', 'answer', 'selection'];
  let n = 0;
  const call = async (r: request.Test): Promise<Step> => {
    const name = calls[n++]!;
    const sentAt = Date.now();
    const step = await r.timeout(opts.timeoutMs ?? 30_000).then(
      (res) => res as Step,
      // No answer in time (or the connection dropped): status 0.
      (err: unknown) => ({ status: 0, body: { error: String(err) } }),
    );
    opts.onStep?.(name, step, sentAt, Date.now() - sentAt);
    return step;
  };
  const created = await call(
    request(url)
      .post('/api/orders')
      .set(cw)
      .send(orderBody({ citizen: { reference, cpr: undefined } })),
  );
  if (created.status !== 201) return { failedAt: 'create', step: created };
  const orderId = json<OrderView>(created).id;
  const searched = await call(request(url).post(`/api/orders/${orderId}/search`).set(cw));
  if (searched.status !== 200) return { orderId, failedAt: 'search', step: searched };
  const sent = await call(
    request(url).post(`/api/orders/${orderId}/requests`).set(cw).send({ all: true }),
  );
  if (sent.status !== 201) return { orderId, failedAt: 'requests', step: sent };
  const requestId = json<SentRequests>(sent).sent[0]!.requestId;
  const answered = await call(
    request(url)
      .post(`/api/requests/${requestId}/answer`)
      .set(bearer(tokens.supplier))
      .send({ kind: 'offer', dailyPriceOre: 245_050, possibleStart: '2027-02-01' }),
  );
  if (answered.status !== 200) return { orderId, failedAt: 'answer', step: answered };
  const selected = await call(
    request(url).post(`/api/orders/${orderId}/selection`).set(cw).send({ requestId }),
  );
  if (selected.status !== 200) return { orderId, failedAt: 'selection', step: selected };
  return { orderId };
}

/** Runs `work(i)` for i < count with at most `concurrency` at once. */
export async function pooled(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/**
 * Moves an order created through the API straight to `offers_received`, with one open request to
 * the supplier's `private-1` answered by an offer — the steps between (search, requests, answer)
 * are not what the outbox tests are about, and on FerretDB answering grows slower with every
 * order. Answers the request's id, for the selection through the API.
 */
export async function offerReceived(db: Connection, orderId: string): Promise<string> {
  const requestId = newId('req');
  const supplier = { userId: 'leverandoer-a', role: 'supplier', organisationId: FAULT_SUPPLIER };
  const now = new Date();
  const res = await orderModel(db).updateOne(
    { _id: orderId, status: 'draft' },
    {
      $set: {
        status: 'offers_received',
        requests: [
          {
            requestId,
            offerId: 'private-1',
            offerName: 'Tilbud private-1',
            supplierOrganisationId: FAULT_SUPPLIER,
            tier: 'private',
            sentAt: now,
            deadline: new Date(now.getTime() + 24 * 3600_000),
            status: 'offered',
            answer: {
              kind: 'offer',
              dailyPriceOre: 245_050,
              possibleStart: '2027-02-01',
              answeredAt: now,
              answeredBy: supplier,
            },
          },
        ],
      },
      $inc: { revision: 1 },
    },
  );
  if (res.matchedCount !== 1) throw new Error(`no draft order ${orderId}`);
  return requestId;
}
