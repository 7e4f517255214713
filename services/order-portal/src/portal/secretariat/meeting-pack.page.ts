import type { Request, Response, Router } from 'express';
import { NotFoundError } from '@rammeaftale/domain';
import { sendCsv } from '../kit/csv';
import { contractsFor } from '../contracts/contracts-service';
import type { PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import {
  MEETING_PACK_FIGURES,
  meetingPackCharts,
  meetingPackFigureCsv,
} from './meeting-pack.charts';
import { meetingPackView } from './meeting-pack.view';
import { periodOf, queryString, text } from './report-filter';

const TABLES = { tilbud: 'offers', leverandoerer: 'suppliers', aar: 'years' } as const;

type Base = '/sekretariat/moedepakke' | '/tilsyn/moedepakke';

/**
 * The meeting pack of the two yearly meetings with Socialtilsyn Øst: the period between two
 * meetings (default the last half year), the rankings, the increases against P/L by year, the
 * figures, each table as CSV, and a printable view. The secretariat's covers every offer, an
 * authority's the offers it supervises (the contracts service decides from the person's token).
 */
export function registerMeetingPackPages(
  portal: Router,
  kit: PageKit,
  at: { base: Base; role: 'secretariat' | 'authority' },
): void {
  const role = requirePortalRole(at.role);
  const packOf = async (req: Request, res: Response) => {
    const period = periodOf(req);
    if (period.errors.length) return { period, pack: undefined };
    const { client, token } = contractsFor(kit, res);
    const pack = await client.meetingPack(token, { from: period.from, to: period.to });
    return { period, pack };
  };
  const show = (printable: boolean) => async (req: Request, res: Response) => {
    const { period, pack } = await packOf(req, res);
    const q = pack ? queryString({ fra: pack.from, til: pack.to }) : '';
    const charts = pack
      ? await meetingPackCharts(pack, printable ? undefined : `${at.base}/figur?${q}`)
      : undefined;
    await kit.render(
      req,
      res,
      meetingPackView({
        base: at.base,
        forAuthority: at.role === 'authority',
        printable,
        today: kit.deps.registry.now().toISOString().slice(0, 10),
        values: { fra: text(req, 'fra'), til: text(req, 'til') },
        errors: period.errors,
        pack,
        charts,
      }),
    );
  };
  portal.get(at.base, role, show(false));
  portal.get(`${at.base}/udskrift`, role, show(true));

  portal.get(`${at.base}/csv`, role, async (req, res) => {
    const table = TABLES[text(req, 'tabel') as keyof typeof TABLES];
    const { pack } = await packOf(req, res);
    if (!table || !pack) throw new NotFoundError('Page');
    const { client, token } = contractsFor(kit, res);
    const file = await client.meetingPackCsv(token, { from: pack.from, to: pack.to, table });
    sendCsv(
      res,
      `moedepakke-${text(req, 'tabel')}-${pack.from}-${pack.to}`,
      file.bytes.toString('utf8'),
    );
  });

  portal.get(`${at.base}/figur`, role, async (req, res) => {
    const figure = MEETING_PACK_FIGURES.find((f) => f === text(req, 'figur'));
    const { pack } = await packOf(req, res);
    if (!figure || !pack) throw new NotFoundError('Page');
    sendCsv(
      res,
      `moedepakke-${figure}-${pack.from}-${pack.to}`,
      meetingPackFigureCsv(pack, figure),
    );
  });
}
