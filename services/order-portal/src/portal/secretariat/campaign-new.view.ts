import { MUNICIPALITIES, OPERATOR_KIND_LABELS, TARGET_GROUPS } from '@rammeaftale/domain';
import type { previewOrientation } from '../../campaigns/orientation-campaign.use-case';
import { errorSummary, selectField, titleWithErrors } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';
import { NOT_CONNECTED } from './campaigns.view';

type Preview = Awaited<ReturnType<typeof previewOrientation>>;

export interface CampaignNewPage extends FormPage {
  years: number[];
  preview?: Preview;
}

const AUDIENCE = ['year', 'targetGroup', 'operatorKind', 'municipalityCode'] as const;

function audienceForm(p: CampaignNewPage): Html {
  const v = (k: string) => p.values[k] ?? '';
  return h`<form method="get" action="/sekretariat/kampagner/ny" novalidate>
${selectField({ id: 'year', label: 'Satser fra året', options: p.years.map((y) => [String(y), String(y)]), value: v('year') || String(p.years[0] ?? ''), errors: p.errors, required: true, hint: 'Brevet nævner årets P/L-sats og indberetningsgrænser, som de står i registret.' })}
${selectField({ id: 'targetGroup', label: 'Målgruppe', placeholder: 'Alle målgrupper', options: TARGET_GROUPS.map((g) => [g.slug, g.label]), value: v('targetGroup'), errors: p.errors, hint: 'Leverandører med mindst ét tilbud i målgruppen.' })}
${selectField({ id: 'operatorKind', label: 'Driftsform', placeholder: 'Alle driftsformer', options: Object.entries(OPERATOR_KIND_LABELS), value: v('operatorKind'), errors: p.errors })}
${selectField({ id: 'municipalityCode', label: 'Kommune', placeholder: 'Alle kommuner', options: MUNICIPALITIES.map((m) => [String(m.code), `${m.name} Kommune`]), value: v('municipalityCode'), errors: p.errors, hint: 'Leverandører med mindst ét tilbud, der ligger i kommunen.' })}
<button type="submit" class="button button-secondary">Vis modtagere og brev</button></form>`;
}

const paragraphs = (text: string): Html[] =>
  text
    .split(/\n{2,}/)
    .map(
      (part) => h`<p>${part.split('\n').map((line, i) => (i ? h`<br>${line}` : h`${line}`))}</p>`,
    );

function previewPart(p: CampaignNewPage, x: Preview): Html {
  const hidden = [...AUDIENCE.map((k) => [k, p.values[k] ?? ''] as const), ['key', x.key] as const];
  const n = x.recipients.length;
  return h`<h2>Modtagere</h2>
<p>${n === 1 ? '1 leverandør' : `${n} leverandører`} modtager brevet.${x.withoutEmail.length ? ` ${x.withoutEmail.length} uden e-mailadresse i registret får det ikke.` : ''}</p>
${n ? table({ caption: 'Modtagere af brevet', head: ['Leverandør', 'E-mailadresse'], rows: x.recipients.map((r) => h`<tr><th scope="row">${r.name}</th><td>${r.email}</td></tr>`) }) : ''}
${x.withoutEmail.length ? table({ caption: 'Uden e-mailadresse (får ikke brevet)', head: ['Leverandør'], rows: x.withoutEmail.map((r) => h`<tr><td>${r.name}</td></tr>`) }) : ''}
${
  !x.connected
    ? NOT_CONNECTED
    : x.letter
      ? h`<h2>Brevet, som ${x.sampleName ?? ''} får det</h2>
<div><p><strong>Emne: ${x.letter.subject}</strong></p>${paragraphs(x.letter.text)}</div>
<form method="post" action="/sekretariat/kampagner">${csrfField(p)}
${hidden.map(([k, val]) => h`<input type="hidden" name="${k}" value="${val}">`)}
<button type="submit" class="button button-primary">Send brevet til ${n === 1 ? '1 leverandør' : `${n} leverandører`}</button></form>`
      : h`<p>Ingen leverandør at sende til: vælg en bredere udvælgelse.</p>`
}`;
}

/** Choose the recipients and the year, see every recipient and one letter, then start. */
export function campaignNewView(p: CampaignNewPage): Page {
  return {
    title: titleWithErrors('Nyt orienteringsbrev', p.errors.length > 0),
    menu: '/sekretariat/kampagner',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/sekretariat/kampagner">Tilbage til orienteringsbreve</a></p>
<h1>Nyt orienteringsbrev</h1>
${p.problem ?? ''}${errorSummary(p.errors)}
${p.years.length ? audienceForm(p) : h`<p>Der er ingen satser i registret endnu. <a href="/sekretariat/satser">Registrér årets satser</a> først.</p>`}
${p.preview ? previewPart(p, p.preview) : ''}`,
  };
}
