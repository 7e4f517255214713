import type { Router } from 'express';
import { ROLES } from '@rammeaftale/auth';
import { listNotices, markNoticeRead } from '../../notices-to-people/notices.use-case';
import { withNotice } from '../kit/notices';
import { csrfOf, signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { notificationsView } from './notifications.view';

/** "Beskeder" for every signed-in role: the list, and "Markér som læst" on each. */
export function registerNotificationsPage(portal: Router, kit: PageKit): void {
  const anyone = requirePortalRole(...ROLES);
  portal.get('/beskeder', anyone, async (req, res) => {
    const asked = typeof req.query.side === 'string' ? Number(req.query.side) : 1;
    const page = await listNotices(kit.deps.orders, signedInActor(res), asked);
    await kit.render(req, res, notificationsView(page, req, csrfOf(res)));
  });
  portal.post('/beskeder/:id/laest', anyone, ...kit.forms, async (req, res) => {
    await markNoticeRead(kit.deps.orders, signedInActor(res), String(req.params.id));
    res.redirect(303, withNotice('/beskeder', 'laest'));
  });
}
