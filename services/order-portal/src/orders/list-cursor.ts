import { InvalidInputError } from '@rammeaftale/domain';
import { z } from '@rammeaftale/http';

/**
 * The position in a list sorted newest first, as an opaque cursor: the sort time and the id of
 * the last item shown. Keyset pagination, not skip: a page stays the same when items are added
 * at the top meanwhile, and a deep page costs no more than the first.
 */
export interface ListPosition {
  at: Date;
  id: string;
}

export const encodeCursor = (p: ListPosition): string =>
  Buffer.from(`${p.at.toISOString()}|${p.id}`, 'utf8').toString('base64url');

/** The position of a cursor this service handed out; anything else is 400 on `cursor`. */
export function decodeCursor(cursor: string): ListPosition {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (rest.length || !id || !/^[a-z]{3}-[a-z]{24}$/.test(id) || Number.isNaN(date.getTime()))
    throw new InvalidInputError(
      [{ field: 'cursor', code: 'invalid_cursor', message: 'not a cursor of this list' }],
      'query',
    );
  return { at: date, id };
}

/** `limit` and `cursor` of every list of the API, documented once. */
export const PageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .describe('Items per page (1–200, default 50)'),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,300}$/, 'a cursor from nextCursor')
    .optional()
    .describe('The `nextCursor` of the previous page; absent for the first page'),
};

/** One page of a list: the items, how many match in all, and the cursor of the next page. */
export interface ListPage<T> {
  items: T[];
  count: number;
  nextCursor?: string;
}

/** Text to look for, as a case-insensitive regular expression matching it literally. */
export const containing = (text: string) => ({
  $regex: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  $options: 'i',
});
