import type { Router } from 'express';
import {
  DECISION_STATUSES,
  INCREASE_BANDS,
  OPERATOR_KINDS,
  type TariffChangeSearchQuery,
} from '@rammeaftale/service-api';
import { listOrganisations } from '../../offers/organisations.use-case';
import { contractsFor } from '../contracts/contracts-service';
import type { PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { pageOf, periodOf, text } from './report-filter';
import { tariffChangesView, type TariffFilterValues } from './tariff-changes.view';

const PAGE_SIZE = 25;

const oneOf = <T extends string>(values: readonly T[], v: string): T | undefined =>
  (values as readonly string[]).includes(v) ? (v as T) : undefined;

/** The filter form's values (as typed) and the query they make for the contracts service. */
function filterOf(req: Parameters<typeof periodOf>[0]) {
  const period = periodOf(req);
  const values: TariffFilterValues = {
    fra: text(req, 'fra'),
    til: text(req, 'til'),
    leverandoer: text(req, 'leverandoer'),
    tilbud: text(req, 'tilbud'),
    driftsform: text(req, 'driftsform'),
    kategori: text(req, 'kategori'),
    status: text(req, 'status'),
    soeg: text(req, 'soeg'),
  };
  const id = (v: string) => (/^[A-Za-z0-9_.:-]{1,100}$/.test(v) ? v : undefined);
  const query: Partial<TariffChangeSearchQuery> = {
    from: period.from,
    to: period.to,
    supplierId: id(values.leverandoer),
    offerId: id(values.tilbud),
    operatorKind: oneOf(OPERATOR_KINDS, values.driftsform),
    band: oneOf(INCREASE_BANDS, values.kategori),
    decisionStatus: oneOf(DECISION_STATUSES, values.status),
    q: values.soeg || undefined,
    page: pageOf(req),
    pageSize: PAGE_SIZE,
  };
  return { values, query, errors: period.errors };
}

/**
 * The secretariat's tariff changes across all 17 municipalities: filters in the address, one
 * page at a time from the contracts service (which reads them across tenants for the secretariat
 * only).
 */
export function registerSecretariatTariffChangesPage(portal: Router, kit: PageKit): void {
  portal.get('/sekretariat/takstaendringer', requirePortalRole('secretariat'), async (req, res) => {
    const { values, query, errors } = filterOf(req);
    const { client, token } = contractsFor(kit, res);
    const [found, organisations] = await Promise.all([
      errors.length ? undefined : client.searchTariffChanges(token, query),
      listOrganisations(kit.deps.registry),
    ]);
    // Municipalities and the region run offers too: every party can be the supplier.
    const suppliers = organisations.items
      .map((o): [string, string] => [o.id, o.name])
      .sort((a, b) => a[1].localeCompare(b[1], 'da'));
    await kit.render(req, res, tariffChangesView({ values, errors, found, suppliers }));
  });
}
