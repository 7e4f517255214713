import type { Actor } from '@rammeaftale/auth';
import { attr, esc, h, raw, type Html } from './html';
import { ROLE_LABELS } from './labels';

/** The menu of each role: the journeys of issue 8, in the order a person uses them. */
const MENUS: Record<string, [string, string][]> = {
  caseworker: [
    ['/bestillinger', 'Mine bestillinger'],
    ['/bestillinger/ny', 'Ny bestilling'],
    ['/kontrakter', 'Kontrakter'],
    ['/takstaendringer', 'Takstændringer'],
    ['/rapporter/bestillinger', 'Rapport'],
  ],
  supplier: [
    ['/leverandoer/forespoergsler', 'Forespørgsler'],
    ['/leverandoer/tilbud', 'Mine tilbud'],
    ['/kontrakter', 'Kontrakter'],
    ['/takstaendringer', 'Takstændringer'],
  ],
  secretariat: [
    ['/rapporter/bestillinger', 'Rapport over bestillinger'],
    ['/sekretariat/takstaendringer', 'Takstændringer'],
    ['/sekretariat/indberetninger', 'Indberetninger'],
    ['/sekretariat/moedepakke', 'Mødepakke'],
    ['/markedsdata', 'Markedsdata'],
    ['/sekretariat/satser', 'P/L og grænser'],
    ['/sekretariat/kampagner', 'Orienteringsbreve'],
    ['/sekretariat/import', 'Import'],
  ],
  operator: [
    ['/drift', 'Drift'],
    ['/drift/forsendelser', 'Fejlede breve'],
  ],
  authority: [
    ['/tilsyn/indberetninger', 'Indberetninger'],
    ['/tilsyn/moedepakke', 'Mødepakke'],
  ],
};

/** The menu items, so a page can name where it belongs (see `Page.menu`). */
export type MenuItem =
  | '/bestillinger'
  | '/bestillinger/ny'
  | '/kontrakter'
  | '/takstaendringer'
  | '/rapporter/bestillinger'
  | '/leverandoer/forespoergsler'
  | '/leverandoer/tilbud'
  | '/markedsdata'
  | '/sekretariat/takstaendringer'
  | '/sekretariat/indberetninger'
  | '/sekretariat/moedepakke'
  | '/tilsyn/indberetninger'
  | '/tilsyn/moedepakke'
  | '/sekretariat/satser'
  | '/sekretariat/kampagner'
  | '/sekretariat/import'
  | '/drift'
  | '/drift/forsendelser';

export interface PageContext {
  actor?: Actor;
  /** The organisation's name, when known, shown beside the person. */
  organisationName?: string;
  csrf?: string;
  /** The signed-in person's unread notices, shown as "Beskeder (3)" in the header. */
  unreadNotices?: number;
  /** The menu item the page belongs to; marked as the current one. None on error pages. */
  menu?: MenuItem;
}

/** A hidden CSRF field; every form that posts carries one. */
export const csrfField = (ctx: Pick<PageContext, 'csrf'>): Html =>
  h`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">`;

/**
 * Who is signed in, each part once: a name that already says the role or the organisation (as
 * "Sagsbehandler, Greve Kommune" does) is not followed by them again.
 */
export function identityLine(actor: Actor, organisationName?: string): string {
  const name = actor.name?.trim() || actor.userId;
  const lower = name.toLocaleLowerCase('da');
  const role = ROLE_LABELS[actor.role] ?? actor.role;
  const rest = [role, organisationName].filter(
    (p): p is string => Boolean(p) && !lower.includes(p!.toLocaleLowerCase('da')),
  );
  return [name, ...rest].join(', ');
}

/** "Beskeder (3)": the link to the person's notices, with the count of unread ones. */
const noticesLink = (unread = 0): Html =>
  h`<a href="/beskeder" class="portal-account-notices">${unread > 0 ? `Beskeder (${unread})` : 'Beskeder'}</a>`;

/** The signed-in person and "Log ud", visible at every width (dkfds hides `.portal-user`). */
function account(ctx: PageContext): Html {
  if (!ctx.actor)
    return h`<div class="portal-account"><a href="/log-ind" class="button button-secondary">Log ind</a></div>`;
  return h`<div class="portal-account">
<p class="portal-account-who"><span class="sr-only">Logget ind som </span>${identityLine(ctx.actor, ctx.organisationName)}</p>
${noticesLink(ctx.unreadNotices)}
<form method="post" action="/log-ud" class="sign-out">${csrfField(ctx)}<button type="submit" class="button button-tertiary">Log ud</button></form>
</div>`;
}

function menu(ctx: PageContext): Html {
  const items = ctx.actor ? (MENUS[ctx.actor.role] ?? []) : [];
  if (!items.length) return raw('');
  return h`<nav class="portal-nav" aria-label="Hovedmenu"><div class="container"><ul class="portal-menu">${items.map(
    ([href, label]) =>
      h`<li><a href="${href}"${attr('aria-current', ctx.menu === href && 'page')}>${label}</a></li>`,
  )}</ul></div></nav>`;
}

/**
 * The page frame: Danish, the Virk theme of the common design system (dkfds), a skip link,
 * landmarks (header, nav, main, footer) so keyboard and screen-reader users can move around.
 * No inline script or style: the strict CSP of packages/http stays as it is.
 */
export function layout(title: string, main: Html, ctx: PageContext = {}): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Rammeaftale Sjælland</title>
<link rel="icon" href="/favicon.ico" sizes="any">
<link rel="stylesheet" href="/assets/dkfds/css/dkfds-virkdk.min.css">
<link rel="stylesheet" href="/assets/portal/portal.css">
</head>
<body>
<a class="skipnav" href="#main-content">Gå til sidens indhold</a>
<header class="header">
<div class="portal-info"><div class="portal-info-inner container">
<a href="/" class="portal-name">Rammeaftale Sjælland</a>
${account(ctx).html}
</div></div>
<div class="solution-info"><div class="solution-info-inner container">
<p class="solution-heading">Bestillingsportal</p>
</div></div>
${menu(ctx).html}
</header>
<main id="main-content" class="container portal-main" tabindex="-1">
${main.html}
</main>
<footer class="footer"><div class="container">
<p>De 17 kommuner i Region Sjælland og Region Sjælland</p>
<ul class="portal-footer-links">
<li><a href="/tilgaengelighedserklaering">Tilgængelighedserklæring</a></li>
<li><a href="/privatliv">Behandling af personoplysninger</a></li>
</ul>
</div></footer>
</body>
</html>`;
}
