import type { Router } from 'express';
import { UnavailableError } from '@rammeaftale/domain';
import {
  deliveriesNeedingAttention,
  queueDepths,
  retryFailedDelivery,
  serviceHealth,
  type OperationsDeps,
} from '../../operations/operations.use-case';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage } from '../kit/submit';
import { requirePortalRole, tokenIn } from '../session';
import { deliveriesView } from './deliveries.view';
import { operationsView } from './operations.view';
import { registerQueueBoard } from './queue-board.page';

const NOTICES = { igen: 'Brevet er sendt til afsendelse igen.' };

/** The operations deps, or the Danish 503 page when the portal was started without them. */
export const operationsOf = (kit: PageKit): OperationsDeps => {
  if (!kit.deps.operations)
    throw new UnavailableError('Operations are not wired', 60, { code: 'not-connected' });
  return kit.deps.operations;
};

/** The operator's pages (driftsoperatør): the suite's health and queues, failed letters, the board. */
export function registerOperatorPages(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('operator');

  portal.get('/drift', only, async (req, res) => {
    const deps = operationsOf(kit);
    const actor = signedInActor(res);
    const [services, queues] = await Promise.all([
      serviceHealth(deps, actor),
      queueDepths(deps, actor, tokenIn(res)),
    ]);
    await kit.render(req, res, operationsView({ services, queues, now: new Date() }));
  });

  portal.get('/drift/forsendelser', only, async (req, res) => {
    const lists = await deliveriesNeedingAttention(
      operationsOf(kit),
      signedInActor(res),
      tokenIn(res),
    );
    await kit.render(req, res, deliveriesView({ lists, ...formPage(res, {}, NOTICES) }));
  });

  portal.post(
    '/drift/forsendelser/:deliveryId/proev-igen',
    only,
    ...kit.forms,
    async (req, res) => {
      const id = pathId(req, 'deliveryId', 'delivery');
      await retryFailedDelivery(operationsOf(kit), signedInActor(res), tokenIn(res), id);
      res.redirect(303, withNotice('/drift/forsendelser', 'igen'));
    },
  );

  registerQueueBoard(portal, kit, only);
}
