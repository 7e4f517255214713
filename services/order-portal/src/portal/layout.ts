import type { Actor } from '@rammeaftale/auth';

/** Escapes text for HTML element content and attribute values. Every interpolation goes through it. */
export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** HTML built by the portal's own helpers, already escaped: the type keeps raw text out. */
export interface Html {
  readonly html: string;
}
export const raw = (html: string): Html => ({ html });
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html =>
  raw(
    strings.reduce((out, s, i) => {
      if (i === 0) return s;
      const v = values[i - 1];
      const part = Array.isArray(v)
        ? v.map((x) => (isHtml(x) ? x.html : esc(x))).join('')
        : isHtml(v)
          ? v.html
          : v === undefined || v === null || v === false
            ? ''
            : esc(v);
      return out + part + s;
    }, ''),
  );
const isHtml = (v: unknown): v is Html =>
  typeof v === 'object' && v !== null && typeof (v as Html).html === 'string';

const ROLE_LABELS: Record<string, string> = {
  caseworker: 'Sagsbehandler',
  supplier: 'Leverandør',
  secretariat: 'Sekretariat',
  authority: 'Tilsyn',
  operator: 'Driftsoperatør',
  service: 'Tjeneste',
};

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
  secretariat: [['/rapporter/bestillinger', 'Rapport over bestillinger']],
  operator: [['/drift', 'Drift']],
  authority: [],
};

export interface PageContext {
  actor?: Actor;
  /** The organisation's name, when known, shown beside the user. */
  organisationName?: string;
  csrf?: string;
  /** The path of the page, so the menu marks where the user is. */
  path?: string;
}

/** A hidden CSRF field; every form that posts carries one. */
export const csrfField = (ctx: PageContext): Html =>
  h`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">`;

/**
 * The page frame: Danish, the Virk theme of the common design system (dkfds), a skip link,
 * landmarks (header, nav, main, footer) so keyboard and screen-reader users can move around.
 * No inline script or style: the strict CSP of packages/http stays as it is.
 */
export function layout(title: string, main: Html | string, ctx: PageContext = {}): string {
  const body = typeof main === 'string' ? main : main.html;
  const menu = ctx.actor ? (MENUS[ctx.actor.role] ?? []) : [];
  const user = ctx.actor
    ? h`<div class="portal-user">
  <p class="user-name">${ctx.actor.name ?? ctx.actor.userId} · ${ROLE_LABELS[ctx.actor.role] ?? ctx.actor.role}${ctx.organisationName ? ` · ${ctx.organisationName}` : ''}</p>
  <form method="post" action="/log-ud" class="sign-out">${csrfField(ctx)}<button type="submit" class="button button-tertiary">Log ud</button></form>
</div>`
    : h`<div class="portal-user"><a href="/log-ind" class="button button-secondary">Log ind</a></div>`;
  const nav = menu.length
    ? h`<nav class="portal-nav" aria-label="Hovedmenu"><div class="container"><ul class="portal-menu">${menu.map(
        ([href, label]) =>
          h`<li><a href="${href}"${raw(ctx.path === href ? ' aria-current="page"' : '')}>${label}</a></li>`,
      )}</ul></div></nav>`
    : raw('');
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Rammeaftale Sjælland</title>
<link rel="stylesheet" href="/assets/dkfds/css/dkfds-virkdk.min.css">
<link rel="stylesheet" href="/assets/portal/portal.css">
</head>
<body>
<a class="skipnav" href="#main-content">Gå til sidens indhold</a>
<header class="header">
<div class="portal-info"><div class="portal-info-inner container">
<a href="/" class="portal-name">Rammeaftale Sjælland</a>
${user.html}
</div></div>
<div class="solution-info"><div class="solution-info-inner container">
<p class="solution-heading">Bestillingsportal</p>
</div></div>
${nav.html}
</header>
<main id="main-content" class="container portal-main" tabindex="-1">
${body}
</main>
<footer class="footer"><div class="container"><p>De 17 kommuner i Region Sjælland og Region Sjælland · <a href="/docs">API-dokumentation</a></p></div></footer>
</body>
</html>`;
}

export interface FieldError {
  /** The id of the input the message is about; the summary links to it. */
  field: string;
  message: string;
}

/** The error summary at the top of a form: a heading, and a link to each field with a problem. */
export function errorSummary(errors: FieldError[]): Html {
  if (!errors.length) return raw('');
  return h`<div class="alert alert-error" role="alert" aria-labelledby="error-summary-heading" tabindex="-1" id="error-summary">
<div class="alert-body">
<h2 class="alert-heading" id="error-summary-heading">Der er ${errors.length === 1 ? 'en fejl' : `${errors.length} fejl`} i formularen</h2>
<ul class="nobullet-list alert-text">${errors.map((e) => h`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div>`;
}

export function alert(
  kind: 'success' | 'info' | 'error' | 'warning',
  heading: string,
  text?: string,
): Html {
  return h`<div class="alert alert-${kind}"${raw(kind === 'error' ? ' role="alert"' : ' role="status"')}><div class="alert-body"><p class="alert-heading">${heading}</p>${text ? h`<p class="alert-text">${text}</p>` : ''}</div></div>`;
}

const errorOf = (errors: FieldError[], id: string) => errors.find((e) => e.field === id);

/**
 * The frame every form control shares: label (with "(valgfri)" when optional), hint and error
 * message, and the attributes that tie the control to them (aria-describedby, aria-invalid, required).
 */
function labelled(
  opts: {
    id: string;
    label: string;
    hint?: string;
    errors?: FieldError[];
    required?: boolean;
    conditional?: boolean;
  },
  control: (attrs: Html) => Html,
): Html {
  const err = errorOf(opts.errors ?? [], opts.id);
  const described = [opts.hint ? `${opts.id}-hint` : '', err ? `${opts.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const attrs = raw(
    `${described ? ` aria-describedby="${esc(described)}"` : ''}${err ? ' aria-invalid="true"' : ''}${opts.required ? ' required' : ''}`,
  );
  return h`<div class="form-group${err ? ' form-error' : ''}">
<label class="form-label" for="${opts.id}">${opts.label}${opts.required || opts.conditional ? '' : ' (valgfri)'}</label>
${opts.hint ? h`<span class="form-hint" id="${opts.id}-hint">${opts.hint}</span>` : ''}
${err ? h`<span class="form-error-message" id="${opts.id}-error"><span class="sr-only">Fejl: </span>${err.message}</span>` : ''}
${control(attrs)}
</div>`;
}

/** A labelled input with optional hint and error, wired with aria-describedby. */
export function textField(opts: {
  id: string;
  label: string;
  value?: string | number;
  hint?: string;
  errors?: FieldError[];
  type?: string;
  width?: 'xs' | 's' | 'm' | 'l' | 'xl';
  required?: boolean;
  /** Required only in some cases (the hint says when): no "(valgfri)" mark. */
  conditional?: boolean;
  autocomplete?: string;
  inputmode?: string;
}): Html {
  return labelled(
    opts,
    (attrs) =>
      h`<input class="form-input${opts.width ? ` input-width-${opts.width}` : ''}" id="${opts.id}" name="${opts.id}" type="${opts.type ?? 'text'}" value="${opts.value ?? ''}"${attrs}${raw(opts.autocomplete ? ` autocomplete="${esc(opts.autocomplete)}"` : '')}${raw(opts.inputmode ? ` inputmode="${esc(opts.inputmode)}"` : '')}>`,
  );
}

export function textArea(opts: {
  id: string;
  label: string;
  value?: string;
  hint?: string;
  errors?: FieldError[];
  required?: boolean;
  /** Required only in some cases (the hint says when): no "(valgfri)" mark. */
  conditional?: boolean;
}): Html {
  return labelled(
    opts,
    (attrs) =>
      h`<textarea class="form-input" id="${opts.id}" name="${opts.id}" rows="4"${attrs}>${opts.value ?? ''}</textarea>`,
  );
}

export function selectField(opts: {
  id: string;
  label: string;
  options: [string, string][];
  value?: string;
  hint?: string;
  errors?: FieldError[];
  required?: boolean;
  /** Required only in some cases (the hint says when): no "(valgfri)" mark. */
  conditional?: boolean;
  placeholder?: string;
}): Html {
  return labelled(
    opts,
    (attrs) => h`<select class="form-select" id="${opts.id}" name="${opts.id}"${attrs}>
${opts.placeholder !== undefined ? h`<option value="">${opts.placeholder}</option>` : ''}
${opts.options.map(([v, l]) => h`<option value="${v}"${raw(v === opts.value ? ' selected' : '')}>${l}</option>`)}
</select>`,
  );
}

/** A fieldset of radio buttons; the error id is the first radio so the summary link lands on it. */
export function radioGroup(opts: {
  name: string;
  legend: string;
  options: [string, string, string?][];
  value?: string;
  errors?: FieldError[];
  hint?: string;
}): Html {
  const err = errorOf(opts.errors ?? [], opts.name);
  return h`<div class="form-group${err ? ' form-error' : ''}"><fieldset${raw(err ? ` aria-describedby="${esc(opts.name)}-error"` : '')}>
<legend class="form-label">${opts.legend}</legend>
${opts.hint ? h`<span class="form-hint">${opts.hint}</span>` : ''}
${err ? h`<span class="form-error-message" id="${opts.name}-error"><span class="sr-only">Fejl: </span>${err.message}</span>` : ''}
<ul class="nobullet-list">${opts.options.map(
    ([v, l, hint], i) =>
      h`<li class="form-group-radio"><input type="radio" class="form-radio" id="${i === 0 ? opts.name : `${opts.name}-${v}`}" name="${opts.name}" value="${v}"${raw(v === opts.value ? ' checked' : '')}><label for="${i === 0 ? opts.name : `${opts.name}-${v}`}">${l}</label>${hint ? h`<span class="form-hint">${hint}</span>` : ''}</li>`,
  )}</ul>
</fieldset></div>`;
}

const dateFmt = new Intl.DateTimeFormat('da-DK', {
  timeZone: 'Europe/Copenhagen',
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dayFmt = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', dateStyle: 'long' });

/** A moment in Danish time ("3. feb. 2027 14.05"). */
export const when = (d: Date | string | undefined | null): string =>
  d ? dateFmt.format(new Date(d)) : '';
/** A calendar date (YYYY-MM-DD) in Danish ("15. januar 2027"). */
export const day = (iso: string | undefined | null): string =>
  iso ? dayFmt.format(new Date(`${iso}T00:00:00Z`)) : '';
