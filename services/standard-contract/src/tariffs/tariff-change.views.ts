import { isCrossTenant, type TenantScope } from '@rammeaftale/db';
import { bpText, isOverdue } from './tariff-change.rules';
import type { TariffParty } from './tariff-change.repository';
import type { OutboxRecord, TariffChange } from './tariff-change.types';

/**
 * What leaves the API. Tenant keys stay inside; the supplier's e-mail address too. Hand-over
 * errors may quote the other service, so only the secretariat (a cross-tenant scope) sees them; the
 * delivery state (sent, failed and the SMTP reason) is shown to everyone who sees the record.
 */
export function tariffChangeView(c: TariffChange, scope: TenantScope<TariffParty>, today: string) {
  const full = isCrossTenant(scope);
  const outbox = <T extends OutboxRecord>({ lastError, ...r }: T) => ({
    ...r,
    ...(full && lastError ? { lastError } : {}),
  });
  const overdue = isOverdue(c, today);
  const { access: _a, supplier, ...rest } = c;
  return {
    ...rest,
    status: c.decisions.some((d) => d.status === 'awaiting_approval')
      ? ('awaiting_approval' as const)
      : ('settled' as const),
    overdue,
    supplier: {
      organisationId: supplier.organisationId,
      name: supplier.name,
      ...(supplier.cvr ? { cvr: supplier.cvr } : {}),
    },
    decisions: c.decisions.map(({ buyerKeys: _b, readerKeys: _r, buyer, ...d }) => ({
      ...d,
      buyer: { organisationId: buyer.organisationId, name: buyer.name },
      overdue: d.status === 'awaiting_approval' && today > c.approvalDeadline,
    })),
    letters: c.letters.map(({ to: _to, ...l }) => outbox(l)),
    reports: c.reports.map((r) => {
      const { email, ...v } = outbox(r);
      return { ...v, ...(full && email ? { email } : {}) };
    }),
  };
}

export function tariffChangeSummary(c: TariffChange, today: string) {
  return {
    id: c.id,
    status: c.decisions.some((d) => d.status === 'awaiting_approval')
      ? ('awaiting_approval' as const)
      : ('settled' as const),
    overdue: isOverdue(c, today),
    offer: c.offer,
    effectiveFrom: c.effectiveFrom,
    approvalDeadline: c.approvalDeadline,
    announcedAt: c.announcedAt,
    supplierName: c.supplier.name,
    contracts: c.decisions.length,
    awaitingApproval: c.decisions.filter((d) => d.status === 'awaiting_approval').length,
    maxIncreasePercent: bpText(c.summary.maxIncreaseBp),
    reported: c.reports.length > 0,
  };
}
