import type { ServiceHealth } from '../../operations/operations.use-case';
import type { QueueRow } from '../../notifications/notifications.client';
import { when } from '../kit/format';
import { h, type Html } from '../kit/html';
import type { Page } from '../kit/page';
import { table, tableOr } from '../kit/tables';
import { CHECK_NAMES, QUEUE_NAMES, SERVICE_NAMES } from './operator-labels';

export interface OperationsPage {
  services: ServiceHealth[];
  /** Undefined: the notifications service could not say. */
  queues?: QueueRow[];
  now: Date;
}

const yesNo = (ok: boolean, yes: string, no: string): Html =>
  ok
    ? h`<span class="badge badge-success">${yes}</span>`
    : h`<span class="badge badge-error">${no}</span>`;

function serviceRow(s: ServiceHealth): Html {
  const name = SERVICE_NAMES[s.name] ?? s.name;
  if (!s.connected)
    return h`<tr><th scope="row">${name}</th><td colspan="3">Ikke forbundet (ingen adresse i portalens opsætning)</td></tr>`;
  const checks = s.checks.map(
    (c) => `${CHECK_NAMES[c.name] ?? c.name}: ${c.ok ? 'OK' : 'utilgængelig'}`,
  );
  return h`<tr><th scope="row">${name}</th><td>${yesNo(s.live, 'Kører', 'Svarer ikke')}</td><td>${yesNo(s.ready, 'Klar', 'Ikke klar')}</td><td>${checks.join(', ') || '–'}</td></tr>`;
}

/** How long a job has waited, in words ("12 min.", "3 t. 5 min."). */
export function waited(since: Date | undefined, now: Date): string {
  if (!since) return 'Ingen venter';
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  const text =
    minutes < 1
      ? 'under 1 min.'
      : minutes < 60
        ? `${minutes} min.`
        : `${Math.floor(minutes / 60)} t. ${minutes % 60} min.`;
  return `${text} (siden ${when(since)})`;
}

const queueRow = (q: QueueRow, now: Date): Html =>
  h`<tr><th scope="row">${QUEUE_NAMES[q.name] ?? q.name}${q.paused ? ' (sat på pause)' : ''}</th><td>${q.waiting}</td><td>${q.active}</td><td>${q.delayed}</td><td>${q.failed}</td><td>${waited(q.oldestWaitingSince, now)}</td></tr>`;

/** The operator's start page: the services' health, the queues' depths, where to act. */
export function operationsView(p: OperationsPage): Page {
  const queues =
    p.queues === undefined
      ? h`<p>Køerne kan ikke vises lige nu: tjenesten for breve og indberetninger svarer ikke.</p>`
      : tableOr(
          p.queues.map((q) => queueRow(q, p.now)),
          'Der er ingen køer.',
          () =>
            table({
              caption: 'Køer',
              head: [
                'Kø',
                'Venter',
                'I gang',
                'Venter på nyt forsøg',
                'Opgivet',
                'Ældste ventende job',
              ],
              rows: p.queues!.map((q) => queueRow(q, p.now)),
            }),
        );
  return {
    title: 'Drift',
    menu: '/drift',
    main: h`<h1>Drift</h1>
<p class="font-lead">Tjenesternes tilstand, køerne og de breve, der kræver handling. Siden viser tilstanden ${when(p.now)}; <a href="/drift">opdater siden</a> for at se den igen.</p>
<h2>Tjenester</h2>
${table({ caption: 'Tjenesternes tilstand', head: ['Tjeneste', 'Kører', 'Klar til at arbejde', 'Afhængigheder'], rows: p.services.map(serviceRow) })}
<h2>Køer</h2>
${queues}
<ul>
<li><a href="/drift/forsendelser">Fejlede breve og breve, der forsøges igen</a></li>
<li><a href="/drift/koeer/">Åbn køoversigten</a> (bull-board, på engelsk; kun til at se med)</li>
</ul>`,
  };
}
