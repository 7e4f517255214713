import type { LetterInput } from '../deliveries/accept-delivery.use-case';
import { renderLetter, type LetterTemplate } from './letter-templates';

export interface LetterRequestInput {
  key: string;
  kind: string;
  to: string[];
  replyTo?: string;
  subject?: string;
  text?: string;
  html?: string;
  template?: string;
  data?: Record<string, string>;
  attachments?: { filename: string; contentType: string; contentBase64: string }[];
}

/**
 * Turns a request into the letter that will be stored and sent. A template letter is rendered
 * now, at acceptance: what was accepted is exactly what is delivered, even if the template file
 * changes before a retry.
 */
export function composeLetter(
  templates: Map<string, LetterTemplate>,
  req: LetterRequestInput,
): LetterInput {
  const attachments = req.attachments?.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    content: Buffer.from(a.contentBase64, 'base64'),
  }));
  if (req.template) {
    const template = templates.get(req.template);
    if (!template) throw new Error(`unknown template ${req.template}`);
    const rendered = renderLetter(template, req.data ?? {});
    return {
      key: req.key,
      kind: req.kind,
      to: req.to,
      replyTo: req.replyTo,
      ...rendered,
      attachments,
    };
  }
  return {
    key: req.key,
    kind: req.kind,
    to: req.to,
    replyTo: req.replyTo,
    subject: req.subject!,
    text: req.text!,
    html: req.html,
    attachments,
  };
}
