import type { ImportReport } from '../../offers/import/import-report';
import type { ImportUpload } from '../../offers/import/import-upload.repository';
import { when } from '../kit/format';
import { alert } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';
import { IMPORT_KIND_NAMES } from './import.view';

export interface ImportStatusPage extends Pick<FormPage, 'csrf'> {
  upload: ImportUpload;
}

/** Shown at most; the rest is counted (a file of 25,000 bad rows is not one page). */
const SHOWN_ERRORS = 500;

function errorsTable(r: ImportReport): Html {
  if (!r.errors.length) return h`<p>Ingen fejl i filen.</p>`;
  const shown = r.errors.slice(0, SHOWN_ERRORS);
  return h`${table({
    caption: 'Fejl pr. række og felt',
    head: ['Række', 'Felt', 'Fejl'],
    rows: shown.map((e) => h`<tr><td>${e.row}</td><td>${e.field}</td><td>${e.message}</td></tr>`),
  })}${r.errors.length > shown.length ? h`<p>Yderligere ${r.errors.length - shown.length} fejl er ikke vist. Ret de viste, og tjek filen igen.</p>` : ''}`;
}

function counts(r: ImportReport, dryRun: boolean): Html {
  const verb = dryRun ? 'kan gemmes' : 'er gemt';
  return h`<ul>
<li>Rækker i filen: ${r.rows}</li>
<li>Rækker, der ${verb}: ${r.importedRows}</li>
<li>Rækker med fejl (${dryRun ? 'springes over' : 'sprunget over'}): ${r.rejectedRows}</li>
${dryRun ? '' : h`<li>Nye: ${r.created}, ændrede: ${r.updated}, uændrede: ${r.unchanged}</li>`}
</ul>`;
}

function checked(p: ImportStatusPage): Html {
  const r = p.upload.dryRun;
  if (!r.accepted)
    return h`${alert('error', 'Filen kan ikke importeres', 'Intet er gemt. Ret filen, og tjek den igen.')}${errorsTable(r)}`;
  const form = r.importedRows
    ? h`<form method="post" action="/sekretariat/import/${p.upload.id}/importer">${csrfField(p)}<button type="submit" class="button button-primary">Importér ${r.importedRows === 1 ? '1 række' : `${r.importedRows} rækker`}</button></form>`
    : h`<p>Ingen rækker kan gemmes.</p>`;
  return h`<h2>Tjek af filen (intet er gemt endnu)</h2>${counts(r, true)}${form}${errorsTable(r)}`;
}

const number = (n: number) => n.toLocaleString('da-DK');

/** "1.200 af 3.000 rækker er behandlet" with a progress bar, once the writing has begun. */
function progressOf(u: ImportUpload): Html {
  const total = u.progress?.total ?? u.dryRun.rows;
  const processed = Math.min(u.progress?.processed ?? 0, total);
  const line = u.progress
    ? `${number(processed)} af ${number(total)} rækker er behandlet.`
    : `Importen af ${number(total)} rækker er begyndt.`;
  return h`<p id="import-progress">${line}</p><progress max="${total}" value="${processed}" aria-labelledby="import-progress"></progress>`;
}

function outcome(p: ImportStatusPage): Html {
  const { state, report } = p.upload;
  if (state === 'running')
    return h`${alert('info', 'Importen kører', 'Siden opdaterer sig selv, til importen er færdig.')}${progressOf(p.upload)}<p><a href="/sekretariat/import/${p.upload.id}">Opdater siden</a></p>`;
  if (state === 'failed' || !report)
    return alert(
      'error',
      'Importen kunne ikke gennemføres',
      'Fejlen er registreret. De rækker, der nåede at blive gemt, er gemt; tjek filen igen, og importér den igen.',
    );
  return h`${alert('success', 'Importen er færdig')}${counts(report, false)}${errorsTable(report)}`;
}

/** One upload: the dry run's report and the import button, or the import running, or its report. */
export function importStatusView(p: ImportStatusPage): Page {
  const u = p.upload;
  return {
    title: `Import: ${u.fileName}`,
    menu: '/sekretariat/import',
    main: h`<p><a href="/sekretariat/import">Importér en anden fil</a></p>
<h1>Import af ${u.fileName}</h1>
<p>${IMPORT_KIND_NAMES[u.kind]}. Hentet op ${when(u.createdAt)}, ${Math.ceil(u.size / 1024)} kB.</p>
${u.state === 'checked' ? checked(p) : outcome(p)}`,
  };
}
