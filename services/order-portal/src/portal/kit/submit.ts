import type { Response } from 'express';
import { notice } from './notices';
import { csrfOf } from './page';
import type { FieldError } from './form';
import type { Html } from './html';
import { checkForm, type FormSpec, type FormValues } from './form-kit';
import { formRefusal, invalidFormAlert } from './refusals';

/** What a form page is shown with after a failed post: the values as typed, and why. */
export interface FormState {
  values: FormValues;
  errors: FieldError[];
  problem?: Html;
}

/**
 * What every form page's view is shown with besides its record: the CSRF token for its forms, the
 * notice after a redirect, and the state of a failed post (none on a plain GET).
 */
export interface FormPage extends FormState {
  csrf: string;
  notice: Html;
}

export const formPage = (
  res: Response,
  state: Partial<FormState> = {},
  notices: Readonly<Record<string, string>> = {},
): FormPage => ({
  csrf: csrfOf(res),
  notice: notice(res.req, notices),
  errors: state.errors ?? [],
  problem: state.problem,
  values: state.values ?? {},
});

/**
 * A posted form, the one way: checked by the API's own schema, handed to the use case, then a
 * redirect (303) to where the person sees the result; refused → the form page again with the
 * field errors or the alert (kit/refusals.ts). `run` answers the address to redirect to.
 */
export async function submitForm<B>(
  res: Response,
  opts: {
    spec: FormSpec<B>;
    values: FormValues;
    run: (body: B) => Promise<string>;
    show: (state: FormState) => Promise<void>;
    /** A broken rule of the use case that belongs to fields (by its code). */
    rules?: (code: string) => FieldError[] | undefined;
  },
): Promise<void> {
  const checked = checkForm(opts.spec, opts.values);
  if (!checked.ok)
    return opts.show({
      values: opts.values,
      errors: checked.errors,
      problem: checked.errors.length ? undefined : invalidFormAlert(opts.spec.name),
    });
  let location: string;
  try {
    location = await opts.run(checked.body);
  } catch (err) {
    return opts.show({ values: opts.values, ...formRefusal(err, opts.spec, opts.rules) });
  }
  res.redirect(303, location);
}
