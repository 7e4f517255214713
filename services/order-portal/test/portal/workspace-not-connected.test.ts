/**
 * A portal started without the notifications service (no TARIFF_NOTIFICATIONS_URL): the
 * operator's and the secretariat's pages that show letters say so in Danish instead of failing,
 * the queue board does not exist, and nothing answers 5xx.
 */
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { tokensFor, uniqueName } from '@rammeaftale/testing';
import { startTestPortal, type TestPortal } from '../support/start-portal';
import { sessionCookie } from '../support/session-cookie';

let portal: TestPortal;
let tokens: Record<'operator' | 'secretariat', string>;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_unconnected'), { verifier: idp.verifier });
  tokens = await tokensFor(idp, ['operator', 'secretariat']);
});

afterAll(() => portal.close());

const page = async (who: keyof typeof tokens, path: string) => {
  const res = await fetch(portal.http.url + path, {
    headers: { cookie: await sessionCookie(portal, tokens[who]) },
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
};

describe('the workspace without the notifications service', () => {
  it('When the operator opens Drift and the failed letters, then each page says what it cannot show, and the board is not found', async () => {
    const drift = await page('operator', '/drift');
    expect(drift.status).toBe(200);
    expect(drift.text).toContain('Køerne kan ikke vises lige nu');
    expect(drift.text).toMatch(/Breve og indberetninger<\/th><td colspan="3">Ikke forbundet/);
    const letters = await page('operator', '/drift/forsendelser');
    expect(letters.status).toBe(200);
    expect(letters.text).toContain('Portalen er ikke forbundet med tjenesten for breve');
    expect((await page('operator', '/drift/koeer/')).status).toBe(404);
  });

  it('When the secretariat opens its campaigns, then the page says letters cannot be sent from here, and a campaign is not found', async () => {
    const list = await page('secretariat', '/sekretariat/kampagner');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Portalen er ikke forbundet med tjenesten for breve');
    expect(
      (await page('secretariat', '/sekretariat/kampagner/orientering-2030-aaaaaaaaaaaa')).status,
    ).toBe(404);
  });
});
