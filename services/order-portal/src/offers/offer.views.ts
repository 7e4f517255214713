import type { z } from '@rammeaftale/http';
import {
  competenceLabel,
  formatDkk,
  isStale,
  municipalityByCode,
  occupancyBasisPoints,
} from '@rammeaftale/domain';
import type { CapacityEntry, OfferDetail, OfferSummary, TariffEntry } from './offer.repository';
import type { Organisation } from './organisation.repository';
import type {
  CapacityHistoryEntryView,
  CapacityView,
  OfferDetailView,
  OfferSummaryView,
  TariffView,
} from './offer.schemas';
import { tariffsInForce } from './tariff-periods';
import { offerTypeLabel } from './vocabulary';

/** What a view needs to know about "now": staleness and "the tariff in force" depend on it. */
export interface ViewClock {
  now: Date;
  /** Today in Copenhagen, YYYY-MM-DD. */
  today: string;
  staleAfterDays: number;
}

export function capacityView(
  entry: CapacityEntry | null,
  clock: ViewClock,
): z.infer<typeof CapacityView> | null {
  if (!entry) return null;
  const confirmedAt = entry.asOf.toISOString();
  return {
    placesInOperation: entry.placesInOperation,
    occupied: entry.occupied,
    free: entry.free,
    waitingList: entry.waitingList,
    occupancyBp: occupancyBasisPoints(entry.occupied, entry.placesInOperation),
    confirmedAt,
    stale: isStale(confirmedAt, clock.now.toISOString(), clock.staleAfterDays),
  };
}

export function tariffView(t: TariffEntry): z.infer<typeof TariffView> {
  return {
    service: t.service,
    validFrom: t.validFrom,
    validTo: t.validTo ?? null,
    dailyBasisOre: t.dailyBasisOre,
    dailyBasisText: formatDkk(t.dailyBasisOre),
    additional: t.additional.map((a) => ({
      name: a.name,
      dailyOre: a.dailyOre,
      dailyText: formatDkk(a.dailyOre),
    })),
    assumedOccupancyBp: t.assumedOccupancyBp,
    calculationBasis: t.calculationBasis,
    recordedAt: t.recordedAt.toISOString(),
  };
}

export function offerSummaryView(
  offer: OfferSummary,
  operators: ReadonlyMap<string, Organisation>,
  clock: ViewClock,
): z.infer<typeof OfferSummaryView> {
  return {
    id: offer.id,
    tilbudsportalenId: offer.tilbudsportalenId ?? null,
    name: offer.name,
    offerType: offer.offerType,
    offerTypeLabel: offerTypeLabel(offer.offerType),
    legalBasis: offer.legalBasis,
    targetGroups: offer.targetGroups,
    targetGroupTags: offer.targetGroupTags,
    ageRange: { min: offer.ageMin, max: offer.ageMax },
    genderRestriction: offer.genderRestriction,
    address: {
      street: offer.address.street,
      postalCode: offer.address.postalCode,
      city: offer.address.city,
      municipalityCode: offer.address.municipalityCode,
      municipalityName: municipalityByCode(offer.address.municipalityCode)?.name ?? null,
      coordinates: offer.address.coordinates ?? null,
    },
    operator: {
      kind: offer.operator.kind,
      organisationId: offer.operator.organisationId,
      name: operators.get(offer.operator.organisationId)?.name ?? null,
    },
    frameworkAgreement: offer.frameworkAgreement,
    supervisingAuthority: offer.supervisingAuthority,
    approval: { status: offer.approval.status, date: offer.approval.date ?? null },
    approvedPlaces: offer.approvedPlaces,
    competences: (offer.competences ?? []).map((code) => ({ code, label: competenceLabel(code) })),
    quality: offer.quality ?? null,
    departments: offer.departments.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      places: d.places ?? null,
    })),
    capacity: capacityView(offer.currentCapacity, clock),
    currentTariffs: tariffsInForce(offer.tariffs, clock.today).map(tariffView),
  };
}

export function offerDetailView(
  offer: OfferDetail,
  operators: ReadonlyMap<string, Organisation>,
  clock: ViewClock,
  showUserIds: boolean,
): z.infer<typeof OfferDetailView> {
  const history: z.infer<typeof CapacityHistoryEntryView>[] = [...offer.capacityHistory]
    .sort((a, b) => b.asOf.getTime() - a.asOf.getTime())
    .map((e) => ({
      asOf: e.asOf.toISOString(),
      placesInOperation: e.placesInOperation,
      occupied: e.occupied,
      free: e.free,
      waitingList: e.waitingList,
      occupancyBp: occupancyBasisPoints(e.occupied, e.placesInOperation),
      reportedAt: e.reportedAt.toISOString(),
      reportedBy: {
        organisationId: e.reportedBy.organisationId,
        role: e.reportedBy.role,
        ...(showUserIds ? { userId: e.reportedBy.userId } : {}),
      },
      source: e.source,
    }));
  return {
    ...offerSummaryView(offer, operators, clock),
    capacityHistory: history,
    tariffs: [...offer.tariffs]
      .sort(
        (a, b) =>
          a.service.localeCompare(b.service, 'da') || a.validFrom.localeCompare(b.validFrom),
      )
      .map(tariffView),
    updatedAt: offer.updatedAt.toISOString(),
  };
}
