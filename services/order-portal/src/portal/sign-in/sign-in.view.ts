import { alert } from '../kit/form';
import { h } from '../kit/html';
import type { Page } from '../kit/page';

export const signInView = (opts: { hint?: string; target: string }): Page => ({
  title: 'Log ind',
  main: h`<h1>Log ind</h1>
<p class="font-lead">Du logger ind hos din organisations identitetsudbyder og kommer derefter tilbage til portalen.</p>
${opts.hint ? h`<p class="form-hint">${opts.hint}</p>` : ''}
<p><a class="button button-primary" href="/log-ind/start${opts.target ? `?til=${encodeURIComponent(opts.target)}` : ''}">Log ind</a></p>`,
});

export const signInNotConfigured = (): Page => ({
  title: 'Log ind',
  main: h`<h1>Log ind</h1>${alert('info', 'Log ind er ikke sat op', 'Portalen kender ikke sin identitetsudbyder (AUTH_CLIENT_ID). Kontakt driften.')}`,
  status: 503,
});

export const signInLocked = (retryAfterSeconds: number): Page => ({
  title: 'For mange forsøg',
  main: h`<h1>For mange mislykkede log ind-forsøg</h1>${alert('error', 'Log ind er midlertidigt spærret', `Der har været for mange mislykkede forsøg på at logge ind fra din adresse. Prøv igen om ${Math.ceil(retryAfterSeconds / 60)} minutter.`)}`,
  status: 429,
});

export const signInUnavailable = (): Page => ({
  title: 'Log ind',
  main: h`<h1>Log ind</h1>${alert('error', 'Log ind er midlertidigt utilgængeligt', 'Identitetsudbyderen eller portalen svarer ikke lige nu. Prøv igen om lidt.')}`,
  status: 503,
});

export const signInFailed = (cancelled: boolean): Page => ({
  title: 'Log ind',
  main: h`<h1>Log ind</h1>${alert(
    'error',
    cancelled ? 'Log ind blev afbrudt' : 'Log ind mislykkedes',
    cancelled
      ? 'Du afbrød log ind hos identitetsudbyderen.'
      : 'Log ind-forsøget kunne ikke gennemføres, eller det er udløbet.',
  )}<p><a class="button button-primary" href="/log-ind">Prøv igen</a></p>`,
  status: 401,
});
