import { DATE_FORMAT, dateField } from './format';
import { attr, esc, h, raw, type Html } from './html';

/**
 * The frames of form controls, the error summary and alerts: one look and one wiring (labels,
 * hints, errors, aria-describedby) for every form of the portal.
 */

export interface FieldError {
  /** The id of the input the message is about; the summary links to it. */
  field: string;
  message: string;
}

/**
 * The error summary at the top of a form: a heading, and a link to each field with a problem.
 * `autofocus` moves focus to it when the page with the failed form loads (no script needed under
 * the strict CSP); a message shared by several fields is listed once.
 */
export function errorSummary(errors: FieldError[]): Html {
  if (!errors.length) return raw('');
  const listed = errors.filter((e, i) => errors.findIndex((x) => x.message === e.message) === i);
  return h`<div class="alert alert-error" role="alert" aria-labelledby="error-summary-heading" tabindex="-1" id="error-summary" autofocus>
<div class="alert-body">
<h2 class="alert-heading" id="error-summary-heading">Der er ${listed.length === 1 ? 'en fejl' : `${listed.length} fejl`} i formularen</h2>
<ul class="nobullet-list alert-text">${listed.map((e) => h`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div>`;
}

/** A notice or a refusal; `focus` for one shown after a failed post, so it is read first. */
export function alert(
  kind: 'success' | 'info' | 'error' | 'warning',
  heading: string,
  text?: string,
  opts: { focus?: boolean } = {},
): Html {
  const focus = opts.focus ? raw(' tabindex="-1" autofocus') : raw('');
  return h`<div class="alert alert-${kind}"${raw(kind === 'error' ? ' role="alert"' : ' role="status"')}${focus}><div class="alert-body"><p class="alert-heading">${heading}</p>${text ? h`<p class="alert-text">${text}</p>` : ''}</div></div>`;
}

interface FrameOptions {
  id: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
  required?: boolean;
  /** Required only in some cases (the hint says when): no "(valgfri)" mark. */
  conditional?: boolean;
}

const errorOf = (errors: FieldError[], id: string) => errors.find((e) => e.field === id);

const errorMessage = (id: string, err: FieldError | undefined): Html =>
  err
    ? h`<span class="form-error-message" id="${id}-error"><span class="sr-only">Fejl: </span>${err.message}</span>`
    : raw('');

/**
 * The frame every form control shares: label (with "(valgfri)" when optional), hint and error
 * message, and the attributes that tie the control to them (aria-describedby, aria-invalid, required).
 */
function labelled(opts: FrameOptions, control: (attrs: Html) => Html): Html {
  const err = errorOf(opts.errors ?? [], opts.id);
  const described = [opts.hint ? `${opts.id}-hint` : '', err ? `${opts.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const attrs = h`${attr('aria-describedby', described || undefined)}${attr('aria-invalid', err ? 'true' : undefined)}${attr('required', opts.required)}`;
  return h`<div class="form-group${err ? ' form-error' : ''}">
<label class="form-label" for="${opts.id}">${opts.label}${opts.required || opts.conditional ? '' : ' (valgfri)'}</label>
${opts.hint ? h`<span class="form-hint" id="${opts.id}-hint">${opts.hint}</span>` : ''}
${errorMessage(opts.id, err)}
${control(attrs)}
</div>`;
}

type Width = 'xs' | 's' | 'm' | 'l' | 'xl';

/** A labelled input with optional hint and error, wired with aria-describedby. */
export function textField(
  opts: FrameOptions & {
    value?: string | number;
    type?: string;
    width?: Width;
    autocomplete?: string;
    inputmode?: string;
  },
): Html {
  return labelled(
    opts,
    (attrs) =>
      h`<input class="form-input${opts.width ? ` input-width-${opts.width}` : ''}" id="${opts.id}" name="${opts.id}" type="${opts.type ?? 'text'}" value="${opts.value ?? ''}"${attrs}${attr('autocomplete', opts.autocomplete)}${attr('inputmode', opts.inputmode)}>`,
  );
}

/**
 * A date as people in Denmark write it (dd.mm.åååå) in a text field: the browsers' own date
 * pickers show their own formats, so hint, value and error could not agree. `value` is the
 * API's YYYY-MM-DD or the text as typed; `hint` is added after the format.
 */
export function dateInput(opts: FrameOptions & { value?: string }): Html {
  return textField({
    ...opts,
    value: dateField(opts.value),
    hint: `Format: ${DATE_FORMAT}, fx 15.01.2027.${opts.hint ? ` ${opts.hint}` : ''}`,
    width: 'm',
    autocomplete: 'off',
  });
}

export function textArea(opts: FrameOptions & { value?: string }): Html {
  return labelled(
    opts,
    (attrs) =>
      h`<textarea class="form-input" id="${opts.id}" name="${opts.id}" rows="4"${attrs}>${opts.value ?? ''}</textarea>`,
  );
}

export function selectField(
  opts: FrameOptions & { options: [string, string][]; value?: string; placeholder?: string },
): Html {
  return labelled(
    opts,
    (attrs) => h`<select class="form-select" id="${opts.id}" name="${opts.id}"${attrs}>
${opts.placeholder !== undefined ? h`<option value="">${opts.placeholder}</option>` : ''}
${opts.options.map(([v, l]) => h`<option value="${v}"${attr('selected', v === opts.value)}>${l}</option>`)}
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
  const idOf = (v: string, i: number) => (i === 0 ? opts.name : `${opts.name}-${v}`);
  return h`<div class="form-group${err ? ' form-error' : ''}"><fieldset${raw(err ? ` aria-describedby="${esc(opts.name)}-error"` : '')}>
<legend class="form-label">${opts.legend}</legend>
${opts.hint ? h`<span class="form-hint">${opts.hint}</span>` : ''}
${errorMessage(opts.name, err)}
<ul class="nobullet-list">${opts.options.map(
    ([v, l, hint], i) =>
      h`<li class="form-group-radio"><input type="radio" class="form-radio" id="${idOf(v, i)}" name="${opts.name}" value="${v}"${attr('checked', v === opts.value)}><label for="${idOf(v, i)}">${l}</label>${hint ? h`<span class="form-hint">${hint}</span>` : ''}</li>`,
  )}</ul>
</fieldset></div>`;
}

/** "Fejl: " before a page title when its form came back with errors (announced first). */
export const titleWithErrors = (title: string, failed: boolean): string =>
  failed ? `Fejl: ${title}` : title;
