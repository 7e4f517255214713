import type { ContractSummary } from '@rammeaftale/service-api';
import type { z } from 'zod';
import { day, when } from '../kit/format';
import { h } from '../kit/html';
import { CONTRACT_STATUS } from '../kit/labels';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';

/** The standard contracts of the signed-in person's organisation, last changed first. */
export function contractListView(
  items: z.infer<typeof ContractSummary>[],
  role: 'caseworker' | 'supplier',
): Page {
  const supplier = role === 'supplier';
  return {
    title: 'Kontrakter',
    menu: '/kontrakter',
    main: h`<h1>Kontrakter</h1>
<p class="font-lead">Standardkontrakterne om ${supplier ? 'jeres tilbud' : 'kommunens borgere'}. Kun de nationale standardkontrakter bruges.</p>
${
  items.length
    ? table({
        caption: 'Kontrakter, senest ændret først',
        head: [
          'Tilbud',
          supplier ? 'Kommune' : 'Leverandør',
          'Skabelon',
          'Start',
          'Status',
          'Ændret',
        ],
        rows: items.map(
          (c) => h`<tr><th scope="row"><a href="/kontrakter/${c.id}">${c.offerName}</a></th>
<td>${supplier ? c.actingMunicipalityName : c.supplierName}</td><td>${c.template.title}</td>
<td>${day(c.startDate)}</td><td>${CONTRACT_STATUS[c.status] ?? c.status}</td><td>${when(c.updatedAt)}</td></tr>`,
        ),
      })
    : h`<p>Der er ingen kontrakter endnu. En kontrakt laves, når kommunen har valgt et tilbud til en bestilling.</p>`
}`,
  };
}
