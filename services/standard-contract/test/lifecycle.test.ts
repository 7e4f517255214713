/**
 * The full path from a drafted contract to an active one and on to its end: sent to the supplier
 * (the contract letter reaches a real SMTP server through the real notifications worker, even
 * though the worker was down when the contract was sent), accepted, signed, activated, amended
 * twice (within and above P/L), rendered as PDFs, and terminated with notice. Tenants are checked
 * on the way.
 */
import { createHash } from 'node:crypto';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { createAccessLogRepository } from '@rammeaftale/privacy';
import { freePort, startSmtpCatcher, type SmtpCatcher } from '@rammeaftale/testing';
import {
  startNotifications as startNotificationsService,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support';
import {
  answer,
  as,
  basisFactory,
  problemOf,
  type ContractPage,
  type ContractView,
  pdfText,
  startContracts,
  type ContractsHarness,
  type Who,
} from './support';

jest.setTimeout(60_000);

/** A citizen's access-log extract as the API answers it. */
type Extract = { entries: { resource: { type: string; id: string } }[] };

let h: ContractsHarness;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness | undefined;
let notificationsPort: number;
let idp: LocalIdentityProvider;
const basis = basisFactory();
const id = `c-${basis.orderId}`;

const getPdf = (who: Who, version: number) =>
  as(h, who)
    .get(`/contracts/${id}/versions/${version}/pdf`)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  notificationsPort = await freePort();
  h = await startContracts({
    env: { TARIFF_NOTIFICATIONS_URL: `http://127.0.0.1:${notificationsPort}` },
    idp,
  });
  const drafted = await as(h, 'service').post('/internal/contracts/drafts', basis);
  expect(drafted.status).toBe(201);
});

afterAll(async () => {
  await h.svc.close();
  await notifications?.close();
  await smtp.close();
});

/** The real notifications worker, started late: it is "down" until then. */
async function startNotifications() {
  notifications = await startNotificationsService({
    name: 'tn_for_sc',
    idp,
    smtp,
    port: notificationsPort,
    env: { RETRY_BASE_MS: '50' },
  });
}

describe('from draft to active', () => {
  it('When the buyer sends the draft while the notifications worker is down, then the contract is sent and the letter waits in the outbox', async () => {
    const res = await answer<ContractView>(as(h, 'greve').post(`/contracts/${id}/send`));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('sent_to_supplier');
    // The view is the state written with the transition, before the hand-over was tried.
    expect(res.body.letters).toEqual([
      expect.objectContaining({ key: `contract-letter:${id}:v1`, status: 'pending', attempts: 0 }),
    ]);
    const c = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(c.body.letters).toEqual([
      expect.objectContaining({ key: `contract-letter:${id}:v1`, status: 'pending', attempts: 1 }),
    ]);
  });

  it('When the letter cannot be handed over, then the log names the contract and the reason, never the citizen', () => {
    const lines = h.log.withMessage('contract letter not delivered yet; will retry');
    expect(lines).toEqual([
      expect.objectContaining({
        contractId: id,
        key: `contract-letter:${id}:v1`,
        permanent: false,
        reason: expect.stringContaining('unreachable') as string,
      }),
    ]);
    expect(h.log.text()).not.toContain(basis.citizen.reference);
  });

  it('When the notifications worker is back, then the reconciler hands the letter over and it reaches the SMTP server once, without citizen data', async () => {
    await startNotifications();
    expect(await h.svc.reconcileLettersNow()).toBe(1);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['kontrakt@solhaven.test']);
    expect(mail?.subject).toBe(`Standardkontrakt ${id} til accept`);
    expect(mail?.text).toContain('Kære Bostedet Solhaven ApS');
    expect(mail?.text).toContain(`https://portal.rammeaftale-sjaelland.test/kontrakter/${id}`);
    expect(mail?.text).toContain('Læs og accepter kontrakten i portalen');
    for (const personal of [basis.citizen.reference, 'økonomi', 'Statusmøde'])
      expect(mail?.raw).not.toContain(personal);
    expect(await h.svc.reconcileLettersNow()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(1);
    const c = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(c.body.letters[0]).toMatchObject({ status: 'accepted' });
  });

  it('When a case worker of another municipality or another supplier asks for the contract, then 404 with nothing of it', async () => {
    for (const who of ['roskilde', 'otherSupplier'] as const) {
      for (const res of [
        await as(h, who).get(`/contracts/${id}`),
        await getPdf(who, 1),
        who === 'roskilde'
          ? await as(h, who).post(`/contracts/${id}/send`)
          : await as(h, who).post(`/contracts/${id}/accept`, { version: 1 }),
      ]) {
        const text = Buffer.isBuffer(res.body) ? res.body.toString() : JSON.stringify(res.body);
        expect([res.status, who]).toEqual([404, who]);
        for (const secret of ['Solhaven', basis.citizen.reference, 'Greve', 'mun-253'])
          expect(text).not.toContain(secret);
      }
      const list = await answer<ContractPage>(as(h, who).get('/contracts'));
      expect(list.body.items.map((c) => c.id)).not.toContain(id);
    }
  });

  it('When the paying municipality reads the contract, then it may, but it cannot sign for the acting one', async () => {
    expect((await as(h, 'koege').get(`/contracts/${id}`)).status).toBe(200);
    expect(
      (await answer<ContractPage>(as(h, 'koege').get('/contracts'))).body.items.map((c) => c.id),
    ).toContain(id);
    expect((await as(h, 'koege').post(`/contracts/${id}/activate`, {})).status).toBe(403);
    expect((await as(h, 'koege').post(`/contracts/${id}/sign`, { version: 1 })).status).toBe(403);
  });

  it('When the supplier accepts a version it has not read, then 409; accepting the current one records the PDF hash', async () => {
    expect((await as(h, 'supplier').post(`/contracts/${id}/accept`, { version: 2 })).status).toBe(
      409,
    );
    expect((await as(h, 'greve').post(`/contracts/${id}/sign`, { version: 1 })).status).toBe(409);
    const res = await answer<ContractView>(
      as(h, 'supplier').post(`/contracts/${id}/accept`, { version: 1 }),
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('accepted_by_supplier');
    const pdf = await getPdf('supplier', 1);
    const hash = createHash('sha256')
      .update(pdf.body as Buffer)
      .digest('hex');
    expect(res.body.signatures.supplier).toMatchObject({
      userId: 'leder-solhaven',
      organisationId: 'provider-solhaven',
      version: 1,
      documentHash: hash,
    });
  });

  it('When the buyer signs and activates, then the contract is active with both signatures on the same document', async () => {
    const signed = await answer<ContractView>(
      as(h, 'greve').post(`/contracts/${id}/sign`, { version: 1 }),
    );
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('signed_by_buyer');
    expect(signed.body.signatures.buyer!.documentHash).toBe(
      signed.body.signatures.supplier!.documentHash,
    );
    const active = await answer<ContractView>(as(h, 'greve').post(`/contracts/${id}/activate`, {}));
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ status: 'active', activatedOn: '2026-03-01' });
    expect((await as(h, 'greve').post(`/contracts/${id}/activate`, {})).status).toBe(409);
  });
});

describe('amendments', () => {
  it('When the price rises by exactly P/L (4 %), then amendment no. 1 applies without approval and the price history grows', async () => {
    const res = await answer<ContractView>(
      as(h, 'greve').post(`/contracts/${id}/amendments`, {
        kind: 'price-change',
        effectiveFrom: '2027-01-01',
        dailyBasisTariffOre: 262_000, // 2.620 + 500 = 3.120 kr., exactly 4 % above 3.000 kr.
        tariffYear: 2027,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'amended',
      version: 2,
      price: { dailyTotalOre: 312_000 },
    });
    expect(res.body.amendments[0]).toMatchObject({
      number: 1,
      version: 2,
      change: { increasePercent: '4,00 %', exceedsPl: false, plRateBp: 400 },
    });
    expect(
      res.body.priceHistory.map((p: { price: { dailyTotalOre: number } }) => p.price.dailyTotalOre),
    ).toEqual([300_000, 312_000]);
  });

  it('When an increase above P/L comes without the buyer’s approval, then 422 names buyerApproval and nothing changes', async () => {
    const res = await answer<ContractView>(
      as(h, 'service').post(`/contracts/${id}/amendments`, {
        kind: 'price-change',
        effectiveFrom: '2027-07-01',
        dailyBasisTariffOre: 280_000,
      }),
    );
    expect(res.status).toBe(422);
    expect(problemOf(res).errors).toEqual([
      expect.objectContaining({ field: 'body.buyerApproval' }),
    ]);
    expect(problemOf(res).detail).toContain('above P/L');
    const c = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(c.body.version).toBe(2);
  });

  it('When a price change would apply before the price in force or on a date that does not exist, then it is refused naming effectiveFrom', async () => {
    for (const [effectiveFrom, status] of [
      ['2026-12-31', 422],
      ['2027-02-30', 400],
    ] as const) {
      const res = await answer<ContractView>(
        as(h, 'greve').post(`/contracts/${id}/amendments`, {
          kind: 'price-change',
          effectiveFrom,
          dailyBasisTariffOre: 262_000,
        }),
      );
      expect(res.status).toBe(status);
      expect(problemOf(res).errors.map((e) => e.field)).toEqual(['body.effectiveFrom']);
    }
  });

  it('When the tariff flow passes the buyer’s approval, then amendment no. 2 records it with the P/L used', async () => {
    const res = await answer<ContractView>(
      as(h, 'service').post(`/contracts/${id}/amendments`, {
        kind: 'price-change',
        effectiveFrom: '2027-07-01',
        dailyBasisTariffOre: 280_000,
        description: 'Takststigning efter godkendt begrundelse',
        buyerApproval: {
          reference: 'approval-2027-17',
          approvedBy: 'sagsbehandler-greve',
          approvedOn: '2027-06-15',
        },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(3);
    expect(res.body.amendments[1]).toMatchObject({
      number: 2,
      approval: { reference: 'approval-2027-17', approvedBy: 'sagsbehandler-greve' },
      change: { exceedsPl: true, increasePercent: '5,77 %' },
    });
    expect(res.body.priceHistory).toHaveLength(3);
    expect(res.body.priceHistory[2]).toMatchObject({
      validFrom: '2027-07-01',
      amendmentNumber: 2,
      approval: { reference: 'approval-2027-17' },
    });
  });

  it('When the contract is amended, then the supplier gets a letter for each new version', async () => {
    const mails = await smtp.waitFor(3);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `Standardkontrakt ${id} til accept`,
      `Tillæg nr. 1 til standardkontrakt ${id}`,
      `Tillæg nr. 2 til standardkontrakt ${id}`,
    ]);
  });
});

describe('documents', () => {
  it('When version 1 is fetched as PDF, then it is the signed document with the Danish contract text', async () => {
    const res = await getPdf('supplier', 1);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const hash = createHash('sha256')
      .update(res.body as Buffer)
      .digest('hex');
    expect(res.headers['x-content-sha256']).toBe(hash);
    const c = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(c.body.signatures.buyer!.documentHash).toBe(hash);
    expect(c.body.versions[0]!.documentHash).toBe(hash);
    const text = await pdfText(res.body as Buffer);
    for (const expected of [
      'Standardkontrakt – voksenområdet (Rammeaftale)',
      'Handlekommune (køber): Greve Kommune, EAN-nr. 5798000000018',
      'Betalingskommune: Køge Kommune',
      'Leverandør: Bostedet Solhaven ApS, CVR-nr. 29403473',
      'Bostedet Solhaven, afdeling Afdeling Æblehaven',
      'Længerevarende botilbud (SEL § 108)',
      'Borgeren mestrer egen økonomi med støtte',
      'Grundtakst: 2.500,00 kr. pr. døgn',
      'Samlet pris: 3.000,00 kr. pr. døgn',
      'pris- og lønfremskrivning (P/L)',
      'senest 30 dage efter modtagelse af korrekt faktura',
      'Socialtilsyn Øst',
      'Oplysningspligt',
      'Rammeaftale Sjælland',
      '1. marts 2026',
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    expect(text).not.toContain('Tillæg nr.');
  });

  it('When version 3 is fetched, then it shows the new price and both numbered amendments with the approval', async () => {
    const res = await getPdf('greve', 3);
    expect(res.status).toBe(200);
    const text = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Samlet pris: 3.300,00 kr. pr. døgn');
    expect(text).toContain('Tillæg nr. 1 (version 2');
    expect(text).toContain('Tillæg nr. 2 (version 3');
    expect(text).toContain('godkendt af køber, reference approval-2027-17');
    expect(text).toContain('Prishistorik');
    expect((await getPdf('greve', 4)).status).toBe(404);
  });
});

describe('termination', () => {
  it('When the supplier gives notice, then the contract ends at the end of the month three months later', async () => {
    const res = await answer<ContractView>(
      as(h, 'supplier').post(`/contracts/${id}/termination`, {
        noticeGivenOn: '2027-08-10',
        reason: 'Tilbuddet lukker afdelingen',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('terminated');
    expect(res.body.termination).toMatchObject({
      party: 'supplier',
      noticeMonths: 3,
      effectiveDate: '2027-11-30',
    });
    const again = await answer<ContractView>(
      as(h, 'greve').post(`/contracts/${id}/amendments`, {
        kind: 'terms',
        effectiveFrom: '2027-09-01',
        description: 'Ændret bemanding',
      }),
    );
    expect(again.status).toBe(409);
  });

  it('When the history is read, then every change is audited with who did it', async () => {
    const c = await answer<ContractView>(as(h, 'koege').get(`/contracts/${id}`));
    expect(
      c.body.audit.map(
        (a: { action: string; by: { userId: string } }) => `${a.action}:${a.by.userId}`,
      ),
    ).toEqual([
      'drafted:order-portal',
      'send:sagsbehandler-greve',
      'accept:leder-solhaven',
      'sign:sagsbehandler-greve',
      'activate:sagsbehandler-greve',
      'amend:sagsbehandler-greve',
      'amend:order-portal',
      'terminate:leder-solhaven',
    ]);
  });

  it('When people read the contract or its PDF, then the access log names who read which citizen’s contract', async () => {
    const entries = await createAccessLogRepository(h.svc.runtime.db).extractForCitizen(
      crossTenant("the test reads every organisation's entries about the citizen"),
      basis.citizen.reference,
    );
    const readers = new Set(
      entries.filter((e) => e.action === 'read').map((e) => `${e.organisationId}:${e.resource.id}`),
    );
    expect(readers).toEqual(new Set([`mun-253:${id}`, `mun-259:${id}`, `provider-solhaven:${id}`]));
    expect(entries.some((e) => e.purpose === 'contract document version 3')).toBe(true);
  });

  it('When the contract is drafted and changed, then each write is in the access log before the change, with who and why', async () => {
    const entries = await createAccessLogRepository(h.svc.runtime.db).extractForCitizen(
      crossTenant("the test reads every organisation's entries about the citizen"),
      basis.citizen.reference,
    );
    const writes = entries
      .filter((e) => e.action !== 'read' && e.resource.id === id)
      .map((e) => `${e.action}:${e.userId}:${e.purpose}`);
    expect(writes).toEqual([
      'create:order-portal:contract drafted from the selected order',
      'update:sagsbehandler-greve:contract send',
      'update:leder-solhaven:contract accept',
      'update:sagsbehandler-greve:contract sign',
      'update:sagsbehandler-greve:contract activate',
      'update:sagsbehandler-greve:contract amend',
      'update:order-portal:contract amend',
      'update:leder-solhaven:contract terminate',
    ]);
  });

  it('When the buyer asks for the citizen’s extract, then it lists the reads and changes of the contract and is itself logged; another municipality gets none of it', async () => {
    const mine = await answer<Extract>(
      as(h, 'greve').post('/access-log/extract', { citizenRef: basis.citizen.reference }),
    );
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.entries.map((e) => e.resource.id))).toEqual(new Set([id]));
    const other = await answer<Extract>(
      as(h, 'roskilde').post('/access-log/extract', { citizenRef: basis.citizen.reference }),
    );
    expect(other.status).toBe(200);
    expect(JSON.stringify(other.body.entries.filter((e) => e.resource.type === 'contract'))).toBe(
      '[]',
    );
    const supplier = await as(h, 'supplier').post('/access-log/extract', {
      citizenRef: basis.citizen.reference,
    });
    expect(supplier.status).toBe(403);
    const after = await createAccessLogRepository(h.svc.runtime.db).extractForCitizen(
      crossTenant("the test reads every organisation's entries about the citizen"),
      basis.citizen.reference,
    );
    expect(after.filter((e) => e.resource.type === 'access-log').map((e) => e.userId)).toEqual([
      'sagsbehandler-greve',
      'sagsbehandler-roskilde',
    ]);
  });
});
