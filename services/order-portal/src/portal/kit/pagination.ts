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
