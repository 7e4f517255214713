/**
 * How a contract ends (issue 15): the buyer withdraws one not yet signed, the supplier rejects the
 * draft it was sent, a running contract is terminated with notice or at once (ophævelse). Each
 * step tells the other party by a letter that reaches a real SMTP server through the real
 * notifications worker, answering to the party who can answer (Reply-To) and marked as automated
 * mail (RFC 3834), and records what happened without the citizen in it.
 */
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { startSmtpCatcher, type CapturedMail, type SmtpCatcher } from '@rammeaftale/testing';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support';
import {
  activeContract,
  answer,
  as,
  basisFactory,
  problemOf,
  startContracts,
  until,
  type ContractView,
  type ContractsHarness,
} from './support';

jest.setTimeout(60_000);

let h: ContractsHarness;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness;
const GREVE = 'myndighed@greve.test';
const SOLHAVEN = 'kontrakt@solhaven.test';

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  notifications = await startNotifications({ name: 'tn_ending', idp, smtp });
  h = await startContracts({ env: { TARIFF_NOTIFICATIONS_URL: notifications.url }, idp });
});

afterAll(async () => {
  await h.svc.close();
  await notifications.close();
  await smtp.close();
});

/** A drafted contract, sent to the supplier unless `send` is false. */
async function draft(send = true): Promise<string> {
  const res = await answer<{ contract: ContractView }>(
    as(h, 'service').post('/internal/contracts/drafts', basisFactory()),
  );
  const id = res.body.contract.id;
  if (send) expect((await as(h, 'greve').post(`/contracts/${id}/send`)).status).toBe(200);
  return id;
}

/** The one mail about a contract with this subject ending. */
async function mailAbout(id: string, subjectEnd: string): Promise<CapturedMail> {
  const subject = `Standardkontrakt ${id} er ${subjectEnd}`;
  const mails = await until(
    () => Promise.resolve(smtp.messages.filter((m) => m.subject === subject)),
    (found) => found.length > 0,
    10_000,
  );
  await new Promise((r) => setTimeout(r, 200));
  expect(smtp.messages.filter((m) => m.subject === subject)).toHaveLength(1);
  return mails[0]!;
}

function expectAnswerableAutomatedMail(mail: CapturedMail, to: string, replyTo: string) {
  expect(mail.envelopeTo).toEqual([to]);
  expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  expect((mail.headers.get('reply-to') as { text: string }).text).toBe(replyTo);
  expect(mail.text).toContain(`skriv til ${replyTo}`);
  // The reason is free text a person wrote: the letter points to the portal instead of quoting it.
  expect(mail.raw).not.toContain('GRV-2026-0042');
  expect(mail.text).not.toContain(REASON);
}

const REASON = 'Borgeren GRV-2026-0042 har fået tilbud et andet sted';

describe('the buyer withdraws a contract not yet signed', () => {
  it('When the buyer withdraws a sent contract, then it is withdrawn with the reason and the supplier gets a letter answering to the municipality', async () => {
    const id = await draft();
    const res = await answer<ContractView>(
      as(h, 'greve').post(`/contracts/${id}/withdrawal`, { reason: REASON }),
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    expect(res.body.cancellation).toMatchObject({
      kind: 'withdrawn',
      party: 'buyer',
      reason: REASON,
    });
    expect(res.body.letters.map((l) => [l.key, l.to])).toEqual([
      [`contract-letter:${id}:v1`, undefined],
      [`contract-withdrawn:${id}`, 'supplier'],
    ]);
    const mail = await mailAbout(id, 'trukket tilbage');
    expectAnswerableAutomatedMail(mail, SOLHAVEN, GREVE);
    expect(mail.text).toContain('Greve Kommune har trukket standardkontrakten');
  });

  it('When the buyer withdraws a draft the supplier never saw, then no letter is sent', async () => {
    const id = await draft(false);
    const res = await answer<ContractView>(
      as(h, 'greve').post(`/contracts/${id}/withdrawal`, { reason: 'Fejl i bestillingen' }),
    );
    expect(res.body.status).toBe('withdrawn');
    expect(res.body.letters).toEqual([]);
  });

  it('When the supplier tries to withdraw, or the buyer withdraws a signed contract, then it is refused (403, 409)', async () => {
    const sent = await draft();
    expect(
      (await as(h, 'supplier').post(`/contracts/${sent}/withdrawal`, { reason: 'x' })).status,
    ).toBe(403);
    const running = await activeContract(h);
    const res = await as(h, 'greve').post(`/contracts/${running}/withdrawal`, { reason: 'x' });
    expect(res.status).toBe(409);
  });
});

describe('the supplier rejects a draft', () => {
  it('When the supplier rejects the draft it was sent, then it is rejected and the buyer gets a letter answering to the supplier', async () => {
    const id = await draft();
    const res = await answer<ContractView>(
      as(h, 'supplier').post(`/contracts/${id}/rejection`, { reason: REASON }),
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected_by_supplier');
    expect(res.body.cancellation).toMatchObject({ kind: 'rejected', party: 'supplier' });
    const mail = await mailAbout(id, 'afvist af leverandøren');
    expectAnswerableAutomatedMail(mail, GREVE, SOLHAVEN);
    expect(mail.text).toContain('Kære Greve Kommune');
  });

  it('When the buyer tries to reject, or the supplier rejects a contract already accepted, then it is refused (403, 409)', async () => {
    const id = await draft();
    expect((await as(h, 'greve').post(`/contracts/${id}/rejection`, { reason: 'x' })).status).toBe(
      403,
    );
    expect((await as(h, 'supplier').post(`/contracts/${id}/accept`, { version: 1 })).status).toBe(
      200,
    );
    expect(
      (await as(h, 'supplier').post(`/contracts/${id}/rejection`, { reason: 'x' })).status,
    ).toBe(409);
  });

  it('When the reason is missing, then it is refused (400) and nothing changes', async () => {
    const id = await draft();
    expect((await as(h, 'supplier').post(`/contracts/${id}/rejection`, {})).status).toBe(400);
    const c = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(c.body.status).toBe('sent_to_supplier');
  });
});

describe('a running contract is terminated', () => {
  it('When the buyer gives notice, then the supplier gets a letter naming the last day', async () => {
    const id = await activeContract(h);
    const res = await answer<ContractView>(
      as(h, 'greve').post(`/contracts/${id}/termination`, {
        noticeGivenOn: '2026-05-10',
        reason: REASON,
      }),
    );
    expect(res.body.termination).toMatchObject({ kind: 'notice', effectiveDate: '2026-06-30' });
    const mail = await mailAbout(id, 'opsagt');
    expectAnswerableAutomatedMail(mail, SOLHAVEN, GREVE);
    expect(mail.text).toContain('opsagt standardkontrakten');
    expect(mail.text).toContain('med 1 måneds varsel. Kontrakten ophører den 30. juni 2026');
  });

  it('When the supplier ends it at once (ophævelse), then it ends today without notice and the buyer gets a letter', async () => {
    const id = await activeContract(h);
    const today = new Date().toISOString().slice(0, 10);
    const res = await answer<ContractView>(
      as(h, 'supplier').post(`/contracts/${id}/rescission`, { reason: REASON }),
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('terminated');
    expect(res.body.termination).toMatchObject({
      kind: 'immediate',
      party: 'supplier',
      noticeMonths: 0,
      effectiveDate: today,
      reason: REASON,
    });
    const mail = await mailAbout(id, 'ophævet');
    expectAnswerableAutomatedMail(mail, GREVE, SOLHAVEN);
    expect(mail.text).toContain('Kontrakten ophører uden varsel');
  });

  it('When the day of an immediate termination is after today or before the start, then it is refused (422 invalid-rescission-date) and the contract still runs', async () => {
    const id = await activeContract(h, { startDate: '2025-03-01' });
    for (const [effectiveOn, code] of [
      ['2999-01-01', 'rescission-in-future'],
      ['2025-02-28', 'rescission-before-start'],
    ] as const) {
      const res = await as(h, 'greve').post(`/contracts/${id}/rescission`, {
        effectiveOn,
        reason: REASON,
      });
      expect(res.status).toBe(422);
      expect(problemOf(res).type).toContain('invalid-rescission-date');
      expect(problemOf(res).errors).toEqual([
        expect.objectContaining({ field: 'body.effectiveOn', code }),
      ]);
    }
    const onStart = await answer<ContractView>(
      as(h, 'greve').post(`/contracts/${id}/rescission`, {
        effectiveOn: '2025-03-01',
        reason: REASON,
      }),
    );
    expect(onStart.body.termination?.effectiveDate).toBe('2025-03-01');
  });

  it('When a draft is to be ended at once, then it is refused (409): it never ran', async () => {
    const id = await draft();
    expect(
      (await as(h, 'greve').post(`/contracts/${id}/rescission`, { reason: REASON })).status,
    ).toBe(409);
  });

  it('When contracts end, then the log names the contracts, never the citizen or the reason', () => {
    expect(h.log.text()).not.toContain('GRV-2026-0042');
    expect(notifications.log.text()).not.toContain('GRV-2026-0042');
  });
});
