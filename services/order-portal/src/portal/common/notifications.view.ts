import type { Request } from 'express';
import type { NoticeDoc } from '../../notices-to-people/notice.model';
import { NOTICE_KINDS_TEXT } from '../../notices-to-people/notice-kinds';
import type { NoticePage } from '../../notices-to-people/notices.use-case';
import { when } from '../kit/format';
import { h, raw, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import { notice } from '../kit/notices';
import type { Page } from '../kit/page';
import { paginate } from '../kit/pagination';
import { table, tableOr } from '../kit/tables';

const KINDS = NOTICE_KINDS_TEXT;

export const NOTICE_TEXTS = { laest: 'Beskeden er markeret som læst.' } as const;

function row(n: NoticeDoc, csrf: string): Html {
  const kind = KINDS[n.kind];
  const href = kind.link(n);
  const text = href ? h`<a href="${href}">${kind.text}</a>` : h`${kind.text}`;
  const state = n.readAt
    ? h`Læst ${when(n.readAt)}`
    : h`Ulæst <form method="post" action="/beskeder/${n._id}/laest">${csrfField({ csrf })}<button type="submit" class="button button-tertiary">Markér som læst<span class="sr-only">: ${kind.text}, ${when(n.createdAt)}</span></button></form>`;
  return h`<tr>
<td>${text}</td>
<td>${when(n.createdAt)}</td>
<td>${state}</td>
</tr>`;
}

/** "Beskeder": what needs the signed-in person's organisation and role, newest first. */
export function notificationsView(page: NoticePage, req: Request, csrf: string): Page {
  const rows = page.items.map((n) => row(n, csrf));
  const nav =
    page.pages > 1
      ? paginate(
          Array.from({ length: page.count }, (_, i) => i),
          req,
          { path: '/beskeder', pageSize: 25, label: 'Sider med beskeder' },
        ).nav
      : raw('');
  const unread =
    page.unread === 1 ? '1 ulæst besked' : `${page.unread.toLocaleString('da-DK')} ulæste beskeder`;
  return {
    title: 'Beskeder',
    main: h`<h1>Beskeder</h1>
${notice(req, NOTICE_TEXTS)}
<p>Det, der venter på din organisation: nye forespørgsler, svar, frister, kontrakter og takststigninger. Beskederne nævner ingen borger; linket åbner siden med sagen.</p>
<p>${unread} af ${page.count.toLocaleString('da-DK')}.</p>
${tableOr(rows, 'Der er ingen beskeder.', () =>
  table({ caption: 'Beskeder, nyeste først', head: ['Besked', 'Modtaget', 'Status'], rows }),
)}${nav}`,
  };
}
