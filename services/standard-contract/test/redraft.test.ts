/**
 * A new contract for an order whose contract was withdrawn or rejected (issue 15, ADR 0015): the
 * order goes back to searching, and its next selection drafts the order's next contract
 * (`c-<order>.2`) while the old one stays readable. One live contract per order is kept by the
 * unique insert of the slot's id: two drafts at once make one contract.
 */
import { QUEUES, createProducer, type Producer } from '@rammeaftale/queues';
import type { ContractBasis } from '@rammeaftale/service-api';
import {
  answer,
  as,
  basisFactory,
  startContracts,
  until,
  type ContractPage,
  type ContractView,
  type ContractsHarness,
  type Drafted,
} from './support';

jest.setTimeout(60_000);

let h: ContractsHarness;
let events: Producer<typeof QUEUES.contractEvents>;

beforeAll(async () => {
  h = await startContracts();
  events = createProducer(QUEUES.contractEvents, h.svc.runtime.redis, {
    logger: h.svc.runtime.logger,
    prefix: h.prefix,
  });
});

afterAll(async () => {
  await events.close();
  await h.svc.close();
});

const draft = (basis: ContractBasis) =>
  answer<Drafted>(as(h, 'service').post('/internal/contracts/drafts', basis));
const read = (id: string) => answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
const contractsOf = async (orderId: string) =>
  (
    await answer<ContractPage>(as(h, 'service').get(`/contracts?q=${encodeURIComponent(orderId)}`))
  ).body.items.filter((c) => c.orderId === orderId);

/** A drafted contract of `basis`, sent to the supplier. */
async function sent(basis: ContractBasis): Promise<string> {
  const id = (await draft(basis)).body.contract.id;
  expect((await as(h, 'greve').post(`/contracts/${id}/send`)).status).toBe(200);
  return id;
}

describe('a new contract after one that never came into force', () => {
  it('When the buyer withdrew the contract and the order is selected again (the event), then a new draft c-<order>.2 is made and the old one is still readable as withdrawn', async () => {
    const basis = basisFactory();
    h.portal.bases.set(basis.orderId, basis);
    const first = await sent(basis);
    expect(first).toBe(`c-${basis.orderId}`);
    await as(h, 'greve').post(`/contracts/${first}/withdrawal`, { reason: 'Forkert tilbud' });

    // The case worker selects again: the portal publishes order.offer-selected for the order.
    await events.add(
      'order.offer-selected',
      {
        eventId: `evt-${basis.orderId}-2`,
        type: 'order.offer-selected',
        aggregateId: basis.orderId,
        refs: {},
      },
      { jobId: `${basis.orderId}:2` },
    );
    const second = await until(
      () => read(`c-${basis.orderId}.2`),
      (r) => r.status === 200,
    );
    expect(second.body).toMatchObject({ orderId: basis.orderId, status: 'draft', version: 1 });
    expect((await read(first)).body).toMatchObject({ status: 'withdrawn' });
    // The live one answers a repeated draft: nothing more is made.
    const again = await draft(basis);
    expect(again.body).toMatchObject({ created: false, contract: { id: `c-${basis.orderId}.2` } });
    expect((await contractsOf(basis.orderId)).map((c) => c.id).sort()).toEqual([
      first,
      `c-${basis.orderId}.2`,
    ]);
  });

  it('When the supplier rejected the first and the buyer withdrew the second, then the third selection drafts c-<order>.3', async () => {
    const basis = basisFactory();
    const first = await sent(basis);
    await as(h, 'supplier').post(`/contracts/${first}/rejection`, { reason: 'Ingen plads' });
    const second = await sent(basis);
    expect(second).toBe(`c-${basis.orderId}.2`);
    await as(h, 'greve').post(`/contracts/${second}/withdrawal`, { reason: 'Borgeren fortrød' });
    const third = await draft(basis);
    expect(third.body).toMatchObject({ created: true, contract: { id: `c-${basis.orderId}.3` } });
  });

  it('When the order has a live contract (sent, or running), then a new draft is that contract', async () => {
    const basis = basisFactory();
    const id = await sent(basis);
    const again = await draft(basis);
    expect(again.body).toMatchObject({
      created: false,
      contract: { id, status: 'sent_to_supplier' },
    });
  });

  it('When two drafts arrive at the same moment after a withdrawal, then exactly one new contract is made and both get it', async () => {
    const basis = basisFactory();
    const first = await sent(basis);
    await as(h, 'greve').post(`/contracts/${first}/withdrawal`, { reason: 'Forkert tilbud' });
    const answers = await Promise.all([draft(basis), draft(basis), draft(basis)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers.filter((a) => a.body.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.contract.id))).toEqual(
      new Set([`c-${basis.orderId}.2`]),
    );
    const live = (await contractsOf(basis.orderId)).filter((c) => c.status !== 'withdrawn');
    expect(live.map((c) => c.id)).toEqual([`c-${basis.orderId}.2`]);
  });

  it('When an order id ends in .<digits> (the form of a later contract), then drafting refuses it (400)', async () => {
    const res = await draft(basisFactory({ orderId: 'ord-abc.2' }));
    expect(res.status).toBe(400);
  });
});
