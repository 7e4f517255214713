import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '@rammeaftale/domain';

/**
 * Letter templates are Danish text files a non-developer can read and edit
 * (`templates/*.md`, see templates/README.md). They are loaded once at start; a code path that
 * names a template that is not there stops the service at start, not at the first letter.
 */
export const TEMPLATE_NAMES = [
  'tariff-letter-above-pl',
  'orientation-letter',
  'contract-letter',
  'authority-report',
  'tariff-approval-reminder',
  'tariff-decision',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface LetterTemplate {
  name: string;
  subject: string;
  body: string;
  fields: string[];
}

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

/** Fields the template needs that the letter's data lacks: 400 naming each `data.<field>`. */
export class MissingFieldsError extends InvalidInputError {
  constructor(public readonly fields: string[]) {
    super(
      fields.map((f) => ({
        field: `data.${f}`,
        message: 'required by the template',
        code: 'missing_field',
      })),
    );
    // For logs and the start-up check: the API answers with the fields, not this text.
    this.message = `missing template fields: ${fields.join(', ')}`;
  }
}

const FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export function parseTemplate(name: string, source: string): LetterTemplate {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source.replace(/\r\n/g, '\n'));
  if (!m) throw new Error(`template ${name}: the subject block between --- lines is missing`);
  const subject = /^subject:\s*(.+)$/m.exec(m[1]!)?.[1]?.trim();
  if (!subject) throw new Error(`template ${name}: no "subject:" line`);
  const body = m[2]!.trim();
  const fields = [...new Set([...`${subject}\n${body}`.matchAll(FIELD)].map((f) => f[1]!))];
  return { name, subject, body, fields };
}

export function loadTemplates(dir: string): Map<string, LetterTemplate> {
  const templates = new Map<string, LetterTemplate>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.md') || file === 'README.md') continue;
    const name = file.slice(0, -3);
    templates.set(name, parseTemplate(name, readFileSync(path.join(dir, file), 'utf8')));
  }
  const missing = TEMPLATE_NAMES.filter((n) => !templates.has(n));
  if (missing.length) throw new Error(`letter templates missing in ${dir}: ${missing.join(', ')}`);
  return templates;
}

/** A link's target is a literal http(s) URL or a field (checked to hold an http(s) URL). */
const LINK = /\[([^\]]+)\]\((https?:\/\/[^)\s]+|\uE000\d+\uE001)\)/g;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Inline markup of the template language: **bold** and [text](https://url). */
function inlineHtml(line: string): string {
  return escapeHtml(line)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(LINK, '<a href="$2">$1</a>');
}

function inlineText(line: string): string {
  return line
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(LINK, (_m, t: string, u: string) => (t === u ? u : `${t} (${u})`));
}

function toHtml(body: string): string {
  const blocks = body.split(/\n{2,}/).map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => l.startsWith('- ')))
      return `<ul>${lines.map((l) => `<li>${inlineHtml(l.slice(2))}</li>`).join('')}</ul>`;
    return `<p>${lines.map(inlineHtml).join('<br>')}</p>`;
  });
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"></head><body style="font-family: Arial, sans-serif; line-height: 1.5">${blocks.join('\n')}</body></html>`;
}

/**
 * Fills a template. Values are inserted as text (escaped in HTML), so a value can never inject
 * markup; a missing or empty field refuses the whole letter.
 */
export function renderLetter(
  template: LetterTemplate,
  data: Record<string, string>,
): RenderedLetter {
  const missing = template.fields.filter((f) => data[f] === undefined);
  if (missing.length) throw new MissingFieldsError(missing);
  // Placeholders are replaced with private-use markers first, so markup in values stays literal.
  const marker = (i: number) => `\uE000${i}\uE001`;
  const values = template.fields.map((f) => data[f]!);
  const fill = (s: string) =>
    s.replace(FIELD, (_m, f: string) => marker(template.fields.indexOf(f)));
  const subject = fill(template.subject);
  const body = fill(template.body);
  for (const [, i] of toHtml(body).matchAll(/href="\uE000(\d+)\uE001"/g)) {
    if (!/^https?:\/\//.test(values[Number(i)]!))
      throw new Error('a link field must hold an http(s) URL');
  }
  const restore = (s: string, esc: (v: string) => string) =>
    s.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => esc(values[Number(i)]!));
  return {
    subject: restore(subject, (v) => v),
    text: restore(inlineText(body), (v) => v),
    html: restore(toHtml(body), escapeHtml),
  };
}
