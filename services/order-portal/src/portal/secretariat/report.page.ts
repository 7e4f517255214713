import type { Request, Router } from 'express';
import { NotFoundError } from '@rammeaftale/domain';
import { contractsFor } from '../contracts/contracts-service';
import { pathId } from '../kit/ids';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { reportView } from './report.view';

const FORMATS = ['pdf', 'csv', 'json'] as const;

/** The report's address: the change and the authority's slug; another shape is not found. */
function reportOf(req: Request): { changeId: string; authority: string } {
  const authority = req.params.authority;
  if (typeof authority !== 'string' || !/^[a-z0-9-]{1,80}$/.test(authority))
    throw new NotFoundError('Page');
  return { changeId: pathId(req, 'id', 'tariffChange'), authority };
}

/**
 * One report to a supervising authority with its figures, and its PDF, CSV and JSON through the
 * person's own session (the contracts service serves them only to the secretariat and to the
 * authority the report is addressed to: another gets the Danish 404).
 */
export function registerReportPage(portal: Router, kit: PageKit): void {
  const readers = requirePortalRole('secretariat', 'authority');
  portal.get('/indberetninger/:id/:authority', readers, async (req, res) => {
    const { changeId, authority } = reportOf(req);
    const { client, token } = contractsFor(kit, res);
    const report = await client.authorityReport(token, changeId, authority);
    await kit.render(req, res, reportView(report, signedInActor(res).role === 'authority'));
  });

  portal.get('/indberetninger/:id/:authority/:format', readers, async (req, res) => {
    const { changeId, authority } = reportOf(req);
    const format = FORMATS.find((f) => f === req.params.format);
    if (!format) throw new NotFoundError('Page');
    const { client, token } = contractsFor(kit, res);
    const doc = await client.authorityReportDocument(token, changeId, authority, format);
    res
      .status(200)
      .type(doc.type)
      .set('Content-Disposition', `attachment; filename="indberetning-${changeId}.${format}"`)
      .send(doc.bytes);
  });
}
