import type { Request } from 'express';
import { h, raw, type Html } from './html';

/**
 * One page of a long list ("?side=2") and the links to the others. Only the page number travels
 * in the URL; a value that is no page number shows the first page.
 */
export function paginate<T>(
  items: readonly T[],
  req: Request,
  opts: { path: string; pageSize?: number; label: string },
): { items: T[]; nav: Html; page: number; pages: number } {
  const size = opts.pageSize ?? 50;
  const pages = Math.max(1, Math.ceil(items.length / size));
  const asked = typeof req.query.side === 'string' ? Number(req.query.side) : 1;
  const page = Number.isInteger(asked) && asked >= 1 && asked <= pages ? asked : 1;
  const shown = items.slice((page - 1) * size, page * size);
  if (pages === 1) return { items: shown, nav: raw(''), page, pages };
  const link = (n: number, text: string) =>
    h`<li><a href="${opts.path}?side=${n}"${raw(n === page ? ' aria-current="page"' : '')}>${text}</a></li>`;
  const nav = h`<nav class="portal-pagination" aria-label="${opts.label}"><ul>
${page > 1 ? link(page - 1, 'Forrige') : ''}
${Array.from({ length: pages }, (_, i) => link(i + 1, String(i + 1)))}
${page < pages ? link(page + 1, 'Næste') : ''}
</ul><p>Side ${page} af ${pages}</p></nav>`;
  return { items: shown, nav, page, pages };
}

/** A list paged in the database (keyset): what the page shows of where it is. */
export interface CursorPage {
  /** Matching items in all. */
  count: number;
  /** Items on this page. */
  shown: number;
  /** The cursor of the next page, absent on the last. */
  nextCursor?: string;
}

/**
 * The links of a list paged with a cursor (`?efter=…`): the next page and back to the first, with
 * the list's filters kept. The page number (`side`) travels along only to say "side 2"; the cursor
 * decides what is shown.
 */
export function cursorNav(
  req: Request,
  page: CursorPage,
  opts: { path: string; label: string; filters: Readonly<Record<string, string | undefined>> },
): Html {
  const asked = typeof req.query.side === 'string' ? Number(req.query.side) : 1;
  const current =
    typeof req.query.efter === 'string' && Number.isInteger(asked) && asked > 1 ? asked : 1;
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...opts.filters, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `${opts.path}?${s}` : opts.path;
  };
  const links: Html[] = [];
  if (current > 1) links.push(h`<li><a href="${query({})}">Første side</a></li>`);
  if (page.nextCursor)
    links.push(
      h`<li><a href="${query({ efter: page.nextCursor, side: String(current + 1) })}">Næste side</a></li>`,
    );
  if (!links.length) return raw('');
  return h`<nav class="portal-pagination" aria-label="${opts.label}"><ul>${links}</ul><p>Side ${current}</p></nav>`;
}
