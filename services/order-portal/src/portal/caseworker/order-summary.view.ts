import { competenceLabel } from '@rammeaftale/domain';
import type { Order } from '../../orders/order.repository';
import { residenceOf, searchCounts } from '../../orders/search-placements.use-case';
import { day, when } from '../kit/format';
import { h, type Html } from '../kit/html';
import {
  GENDERS,
  municipalityName,
  sharedOutcomeName,
  statusName,
  targetGroupName,
} from '../kit/labels';

const list = (items: readonly string[]) =>
  items.length ? h`<ul class="reasons">${items.map((i) => h`<li>${i}</li>`)}</ul>` : 'Ingen';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The last search in its numbers: how many suitable offers, public and private, how many public
 * with a free place, and how many were excluded — so the case worker can see what the selection
 * was weighed against without opening the result.
 */
export function lastSearchLine(search: NonNullable<Order['lastSearch']>): string {
  const n = search.counts ?? searchCounts(search.results ?? []);
  return `${when(search.at)}: ${count(n.results, 'egnet tilbud', 'egnede tilbud')} (${n.public} offentlige, heraf ${n.publicFree} med ledig plads; ${n.results - n.public} private), ${count(search.excludedCount, 'frasorteret', 'frasorteret')}`;
}

/** Everything the case worker entered about the need, and where the order stands. */
export function orderSummary(order: Order): Html {
  const { need, citizen } = order;
  const check = order.sharedOfferCheck;
  const search = order.lastSearch;
  const town = residenceOf(order)?.town;
  return h`<dl class="summary">
<dt>Status</dt><dd>${statusName(order.status)}</dd>
<dt>Målgruppe</dt><dd>${targetGroupName(need.targetGroup)}</dd>
<dt>Lovgrundlag</dt><dd>${need.legalBasis}</dd>
<dt>Alder</dt><dd>${citizen.age} år</dd>
<dt>Køn</dt><dd>${citizen.gender ? (GENDERS[citizen.gender] ?? citizen.gender) : 'Ikke oplyst'}</dd>
<dt>Ønsket start</dt><dd>${day(need.wantedStart)}</dd>
<dt>Forventet varighed</dt><dd>${need.expectedDurationMonths ? count(need.expectedDurationMonths, 'måned', 'måneder') : 'Ikke oplyst'}</dd>
<dt>Borgeren skal bo i</dt><dd>${municipalityName(need.homeMunicipalityCode)}${town ? ` (afstand måles fra ${town})` : ''}</dd>
<dt>Betalende kommune</dt><dd>${municipalityName(order.payingMunicipalityCode)}</dd>
<dt>Største afstand</dt><dd>${need.maxDistanceKm ? `${need.maxDistanceKm} km` : 'Ikke angivet'}</dd>
<dt>Behov</dt><dd>${need.needs}</dd>
<dt>Særlige krav</dt><dd>${need.specialRequirements ?? 'Ingen'}</dd>
<dt>Krævede kompetencer</dt><dd>${list(need.requiredCompetences.map(competenceLabel))}</dd>
<dt>Ønskede kompetencer</dt><dd>${list(need.wishedCompetences.map(competenceLabel))}</dd>
<dt>Mål</dt><dd><ul class="reasons">${order.goals.map((g) => h`<li>${g.goal} – ${g.followUp}</li>`)}</ul></dd>
<dt>Tjek for fælles tilbud</dt><dd>${check ? `${sharedOutcomeName(check.outcome)} (${when(check.at)})` : 'Ikke foretaget'}</dd>
${order.singlePersonOffer ? h`<dt>Enkeltmandstilbud</dt><dd>Besluttet ${when(order.singlePersonOffer.at)}</dd>` : ''}
${search ? h`<dt>Seneste søgning</dt><dd>${lastSearchLine(search)} – <a href="/bestillinger/${order.id}/soegning">se resultatet</a></dd>` : ''}
</dl>`;
}
