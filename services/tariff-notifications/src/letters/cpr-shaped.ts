import { looksLikeCpr } from '@rammeaftale/domain';

/** Where in a letter a CPR-shaped value sits, as a path (`["data", "supplierName"]`). */
export type FieldPath = (string | number)[];

/** Fields that never reach a mail or a job: attachment bytes are checked by no text rule. */
const NOT_TEXT = new Set(['contentBase64', 'content']);

/**
 * Every string in a letter (key, addresses, subject, text, html, template data, file names) that
 * holds a CPR-shaped value, found by the same detector as the log redaction and the queue guard
 * (`looksLikeCpr`). A letter leaves the suite by mail and its key travels as a job id, so a CPR
 * number in any of them would leave too: such a letter is refused, naming each field.
 */
export function cprShapedFields(value: unknown, path: FieldPath = []): FieldPath[] {
  if (typeof value === 'string') return looksLikeCpr(value) ? [path] : [];
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => {
    if (NOT_TEXT.has(String(k))) return [];
    // A key of a template's data is text of the request too.
    const inKey = !Array.isArray(value) && looksLikeCpr(String(k)) ? [[...path, k]] : [];
    return [...inKey, ...cprShapedFields(v, [...path, k])];
  });
}

/**
 * The refinement of the letter schemas (LetterRequest, CampaignRequest): each CPR-shaped field is
 * an issue of its own, so the 400 names every one of them.
 */
export function refuseCprShaped(
  value: unknown,
  ctx: {
    addIssue: (issue: { code: 'custom'; path: FieldPath; message: string; params: object }) => void;
  },
): void {
  for (const path of cprShapedFields(value))
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'must not hold a CPR number or a value shaped like one (DDMMYY-SSSS)',
      params: { code: 'looks_like_cpr' },
    });
}
