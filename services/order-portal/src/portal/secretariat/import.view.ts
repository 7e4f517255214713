import type { ImportKind } from '../../offers/import/import-report';
import { errorSummary, selectField, titleWithErrors } from '../kit/form';
import { h } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';

export const IMPORT_KIND_NAMES: Record<ImportKind, string> = {
  organisations: 'Organisationer (kommuner, region, private leverandører)',
  offers: 'Tilbud med afdelinger',
  capacity: 'Kapacitet (pladser, optagne, ledige, venteliste)',
  tariffs: 'Takster',
};

/** The upload form: what the file holds, the file; checked first, nothing is written yet. */
export function importView(p: FormPage): Page {
  const failed = p.errors.find((e) => e.field === 'file');
  return {
    title: titleWithErrors('Import af CSV-filer', p.errors.length > 0),
    menu: '/sekretariat/import',
    status: p.errors.length ? 400 : 200,
    main: h`<h1>Import af CSV-filer</h1>
<p class="font-lead">Registret opdateres fra CSV-filer med danske kolonneoverskrifter (UTF-8 eller Windows-1252, semikolon eller komma). Filen tjekkes først: du ser hver række og hvert felt med fejl, før noget gemmes.</p>
${errorSummary(p.errors)}
<form method="post" action="/sekretariat/import" enctype="multipart/form-data" novalidate>${csrfField(p)}
${selectField({ id: 'kind', label: 'Filen indeholder', options: Object.entries(IMPORT_KIND_NAMES), value: p.values.kind, errors: p.errors, required: true })}
<div class="form-group${failed ? ' form-error' : ''}">
<label class="form-label" for="file">CSV-fil</label>
<span class="form-hint" id="file-hint">Filen må højst fylde det, portalen er sat op til (normalt 50 MB).</span>
${failed ? h`<span class="form-error-message" id="file-error"><span class="sr-only">Fejl: </span>${failed.message}</span>` : ''}
<input class="form-input" type="file" id="file" name="file" accept=".csv,text/csv" required aria-describedby="file-hint${failed ? ' file-error' : ''}"${failed ? h` aria-invalid="true"` : ''}>
</div>
<button type="submit" class="button button-primary">Tjek filen</button></form>`,
  };
}
