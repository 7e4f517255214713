import type { listOwnOffers } from '../../offers/own-offers.use-case';
import { when } from '../kit/format';
import { h, type Html } from '../kit/html';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';

type OfferList = Awaited<ReturnType<typeof listOwnOffers>>;

/** "Mine tilbud": the offers the organisation runs, with their capacity and when it was confirmed. */
export function offersView(list: OfferList, notice: Html): Page {
  const rows = list.items.map((o) => {
    const c = o.capacity;
    return h`<tr><th scope="row">${o.name}<br><span class="form-hint">${o.address.city}</span></th>
<td>${c?.placesInOperation ?? '–'}</td><td>${c?.occupied ?? '–'}</td><td>${c?.free ?? '–'}</td><td>${c?.waitingList ?? '–'}</td>
<td>${c ? when(c.confirmedAt) : 'Aldrig'}${!c || c.stale ? h` <span class="badge badge-warning">Ikke bekræftet</span>` : ''}</td>
<td><a href="/leverandoer/tilbud/${o.id}/kapacitet">Opdatér kapacitet<span class="sr-only"> for ${o.name}</span></a></td></tr>`;
  });
  return {
    title: 'Mine tilbud',
    menu: '/leverandoer/tilbud',
    main: h`<h1>Mine tilbud</h1>
<p class="font-lead">Meld ledige pladser, belægning og venteliste. Kapacitet, der ikke er bekræftet inden for ${list.staleAfterDays} dage, vises som ubekræftet for kommunerne.</p>
${notice}
${
  rows.length
    ? table({
        caption: `Tilbud som jeres organisation driver (${list.total})`,
        head: [
          'Tilbud',
          'Pladser i drift',
          'Optaget',
          'Ledige',
          'Venteliste',
          'Bekræftet',
          'Handling',
        ],
        rows,
      })
    : h`<p>Jeres organisation driver ingen tilbud i registret.</p>`
}`,
  };
}
