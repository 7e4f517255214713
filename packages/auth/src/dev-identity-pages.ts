import { escapeHtml as esc } from '@rammeaftale/http';
import type { DevUser } from './dev-identity-server';

/** The pages of the local identity provider (Danish, like the portal that sends people here). */

export const AUTHORIZE_FIELDS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
] as const;
export type AuthorizeParams = Record<(typeof AUTHORIZE_FIELDS)[number], string>;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} – lokal identitetsudbyder</title></head><body><main>${body}</main></body></html>`;
}

export const invalidRequestPage = () =>
  page(
    'Ugyldig anmodning',
    '<h1>Ugyldig anmodning</h1><p>Tjenesten, der sendte dig hertil, er ukendt eller bad om en ukendt returadresse.</p>',
  );

export const signInPage = (
  users: readonly DevUser[],
  p: AuthorizeParams,
  message?: string,
  username = '',
) =>
  page(
    'Log ind',
    `<h1>Log ind</h1>
<p>Lokal identitetsudbyder til udvikling. Demobrugerne har adgangskoden <strong>demo</strong>.</p>
${message ? `<div role="alert"><p><strong>${esc(message)}</strong></p></div>` : ''}
<form method="post" action="/authorize">
${AUTHORIZE_FIELDS.map((f) => `<input type="hidden" name="${f}" value="${esc(p[f])}">`).join('\n')}
<p><label for="username">Brugernavn</label><br><input id="username" name="username" autocomplete="username" required value="${esc(username)}"></p>
<p><label for="password">Adgangskode</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit" name="action" value="sign-in">Log ind</button> <button type="submit" name="action" value="cancel" formnovalidate>Annuller</button></p>
</form>
<h2>Demobrugere</h2>
<ul>${users.map((u) => `<li><code>${esc(u.userId)}</code>: ${esc(u.name)}</li>`).join('')}</ul>`,
  );

export const lockedPage = (retryAfterSeconds: number) =>
  page(
    'For mange forsøg',
    `<h1>For mange mislykkede forsøg</h1><div role="alert"><p>Log ind er midlertidigt spærret efter for mange forkerte adgangskoder. Prøv igen om ${Math.ceil(retryAfterSeconds / 60)} minutter.</p></div>`,
  );

export const demoUsersPage = (users: readonly DevUser[], tokenShortcut: boolean) =>
  page(
    'Demobrugere',
    `<h1>Demobrugere (lokal identitetsudbyder)</h1><p>Adgangskode: <strong>demo</strong>. Portalen sender dig hertil, når du logger ind.</p><ul>${users
      .map(
        (u) =>
          `<li><code>${esc(u.userId)}</code>: ${esc(u.name)} (${esc(u.role)})${tokenShortcut ? ` – <a href="/token/${esc(u.userId)}">token til API'et</a>` : ''}</li>`,
      )
      .join('')}</ul>`,
  );

export const unavailablePage = () =>
  page(
    'Midlertidigt utilgængelig',
    '<h1>Log ind er midlertidigt utilgængeligt</h1><p>Prøv igen om lidt.</p>',
  );
