import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { operationsView } from './operations.view';

export function registerOperatorPages(portal: Router, kit: PageKit): void {
  portal.get('/drift', requirePortalRole('operator'), (req, res) =>
    kit.render(req, res, operationsView(kit.deps.links ?? {})),
  );
}
