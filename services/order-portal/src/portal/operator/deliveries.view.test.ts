import { h } from '../kit/html';
import { DeliveryRow } from '../../notifications/notifications.client';
import { deliveriesView } from './deliveries.view';

/** A delivery as the notifications service answers GET /deliveries (JSON: dates as text). */
const row = (over: Record<string, unknown>) =>
  DeliveryRow.parse({
    id: 'contract-letter:c-ord-abc:v1',
    kind: 'contract-letter',
    to: ['afvist@leverandor.test'],
    subject: 'Standardkontrakt c-ord-abc til accept',
    status: 'failed',
    attempts: 1,
    updatedAt: '2026-06-01T10:00:00.000Z',
    ...over,
  });

const render = (failed: DeliveryRow[]) =>
  deliveriesView({ lists: { failed, retrying: [] }, csrf: 'csrf', notice: h`` }).main.html;

describe("the operator's failed letters", () => {
  it('When a letter bounced, then its row says so in words and names the contract it belongs to', () => {
    const html = render([
      row({
        lastError: '550 5.1.1 Mailbox unavailable',
        bounce: { at: '2026-06-01T10:00:00.000Z', code: 550 },
        about: { contractId: 'c-ord-abc' },
      }),
    ]);
    expect(html).toContain('<span class="badge badge-error">Afvist af modtageren</span>');
    expect(html).toContain('Kontrakt c-ord-abc');
    expect(html).toContain('Modtagerens mailserver afviste brevet (varig fejl)');
  });

  it('When a tariff letter bounced, then the tariff change is named; a letter that failed otherwise carries no bounce flag', () => {
    const bounced = render([
      row({
        id: 'tariff-letter:tc-9:mun-253',
        kind: 'tariff-letter',
        lastError: '554 rejected',
        bounce: { at: '2026-06-01T10:00:00.000Z', code: 554 },
        about: { tariffChangeId: 'tc-9' },
      }),
    ]);
    expect(bounced).toContain('Takstændring tc-9');
    const tls = render([
      row({ lastError: 'ETLS: Error upgrading connection with STARTTLS: 500 not recognized' }),
    ]);
    expect(tls).not.toContain('badge-error');
    expect(tls).toContain('Mailserveren tilbød ingen krypteret forbindelse (TLS)');
  });
});
