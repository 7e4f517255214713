import type { Request } from 'express';
import { alert } from './form';
import { raw, type Html } from './html';

/**
 * The confirmation after a redirect ("?besked=sendt"): only a code travels in the URL, never text
 * from a person, and each page names the notices it knows.
 */
export function notice(req: Request, texts: Readonly<Record<string, string>>): Html {
  const code = req.query.besked;
  const text = typeof code === 'string' ? texts[code] : undefined;
  return text ? alert('success', text) : raw('');
}

/** The address to redirect to after a successful post, with the notice to show there. */
export const withNotice = (path: string, code: string): string => `${path}?besked=${code}`;
