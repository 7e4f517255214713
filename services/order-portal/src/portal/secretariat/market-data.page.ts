import type { Request, Response, Router } from 'express';
import { NotFoundError, UnavailableError } from '@rammeaftale/domain';
import {
  capacityMarketData,
  priceMarketData,
  type MarketDeps,
} from '../../market/market-data.use-case';
import { parseMarketFilter } from '../../market/market-filter';
import type { MarketFilter } from '../../market/market.rules';
import { csvOf, sendCsv, type DataColumn } from '../kit/csv';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { capacityFigures, marketCapacityView } from './market-capacity.view';
import { marketHomeView } from './market-home.view';
import { marketPricesView, offerColumns, priceFigures } from './market-prices.view';
import { breakdownColumns, marketVolumeView, volumeFigures } from './market-volume.view';
import { purchaseVolumeMarketData } from '../../market/purchase-volume.use-case';
import { contractsFor } from '../contracts/contracts-service';

function marketDeps(kit: PageKit): MarketDeps {
  if (!kit.deps.market) throw new UnavailableError('Market data is not wired', 5);
  return kit.deps.market;
}

const currentYear = (deps: MarketDeps) => deps.now().getUTCFullYear();

/** The figure a CSV link asks for (`?figur=`), or 404. */
function figureOf<T extends object>(figures: T, req: Request): T[keyof T] {
  const id = typeof req.query.figur === 'string' ? req.query.figur : '';
  if (!Object.hasOwn(figures, id)) throw new NotFoundError('Figure');
  return figures[id as keyof T];
}

const filterOf = (req: Request, deps: MarketDeps) => {
  const { figur: _figure, ...query } = req.query;
  return parseMarketFilter(query, currentYear(deps));
};

/** A figure's rows as CSV (the figures of a page have rows of different shapes). */
const figureCsv = (figure: object) => {
  const { columns, rows } = figure as { columns: DataColumn<unknown>[]; rows: unknown[] };
  return csvOf(columns, rows);
};

const fileName = (name: string, f: MarketFilter) => `${name}-${f.fromYear}-${f.toYear}`;

/**
 * The secretariat's market data: capacity over time per target group and price development
 * against P/L (from the shared registry), and purchase volume (from the contracts service). Each
 * figure's numbers also download as CSV from `<page>.csv?figur=<id>` with the same filter.
 */
export function registerMarketPages(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('secretariat');
  portal.get('/markedsdata', only, async (req, res) => {
    await kit.render(req, res, marketHomeView());
  });

  portal.get('/markedsdata/kapacitet', only, async (req, res) => {
    const deps = marketDeps(kit);
    const data = await capacityMarketData(deps, signedInActor(res), filterOf(req, deps));
    await kit.render(req, res, await marketCapacityView(data, currentYear(deps)));
  });
  portal.get('/markedsdata/kapacitet.csv', only, async (req, res) => {
    const deps = marketDeps(kit);
    const data = await capacityMarketData(deps, signedInActor(res), filterOf(req, deps));
    const figure = figureOf(capacityFigures(data), req);
    sendCsv(res, fileName(`kapacitet-${figure.id}`, data.filter), figureCsv(figure));
  });

  portal.get('/markedsdata/priser', only, async (req, res) => {
    const deps = marketDeps(kit);
    const data = await priceMarketData(deps, signedInActor(res), filterOf(req, deps));
    await kit.render(req, res, await marketPricesView(data, currentYear(deps)));
  });
  portal.get('/markedsdata/priser.csv', only, async (req, res) => {
    const deps = marketDeps(kit);
    const data = await priceMarketData(deps, signedInActor(res), filterOf(req, deps));
    if (req.query.figur === 'tilbud')
      return sendCsv(
        res,
        fileName('prisudvikling-tilbud', data.filter),
        csvOf(offerColumns(data), data.developments),
      );
    const figure = figureOf(priceFigures(data), req);
    sendCsv(res, fileName(`prisudvikling-${figure.id}`, data.filter), figureCsv(figure));
  });
  registerVolumePages(portal, kit);
}

/** Purchase volume, from the contracts service with the signed-in person's own token. */
function registerVolumePages(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('secretariat');
  const load = (req: Request, res: Response) => {
    const deps = marketDeps(kit);
    const { client, token } = contractsFor(kit, res);
    return purchaseVolumeMarketData(
      deps,
      signedInActor(res),
      (q) => client.purchaseVolumeBreakdown(token, q),
      filterOf(req, deps),
    );
  };
  portal.get('/markedsdata/koebsvolumen', only, async (req, res) => {
    const data = await load(req, res);
    await kit.render(req, res, await marketVolumeView(data, currentYear(marketDeps(kit))));
  });
  portal.get('/markedsdata/koebsvolumen.csv', only, async (req, res) => {
    const data = await load(req, res);
    if (req.query.figur === 'alle')
      return sendCsv(
        res,
        fileName('koebsvolumen', data.filter),
        csvOf(breakdownColumns(data), data.rows),
      );
    const figure = figureOf(volumeFigures(data), req);
    sendCsv(res, fileName(`koebsvolumen-${figure.id}`, data.filter), figureCsv(figure));
  });
}
