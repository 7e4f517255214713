/**
 * Pure rules of the contract list: the order it is read in (newest change first, the id breaking
 * ties) and the opaque cursor that says where the next page starts. No I/O.
 */

/** Where a page ended: the last contract's change time and id. */
export interface ListPosition {
  updatedAt: Date;
  id: string;
}

export function encodeCursor(p: ListPosition): string {
  return Buffer.from(`${p.updatedAt.toISOString()}|${p.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this service made. */
export function decodeCursor(cursor: string): ListPosition | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(c-[A-Za-z0-9_.-]{1,100})$/.exec(text);
  if (!m) return undefined;
  const updatedAt = new Date(m[1]!);
  return Number.isNaN(updatedAt.getTime()) ? undefined : { updatedAt, id: m[2]! };
}

/** Regular-expression text that matches `s` literally (a search term is never a pattern). */
export const literalPattern = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
