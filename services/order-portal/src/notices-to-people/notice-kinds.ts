import type { NoticeDoc, NoticeKind } from './notice.model';

/**
 * What each kind of notice says and which portal page it opens: the one text of the "Beskeder"
 * list and of the notice's mail. It names the thing that needs the person, never the citizen; the
 * page behind the link shows what the person may see once signed in.
 */
export const NOTICE_KINDS_TEXT: Record<
  NoticeKind,
  { text: string; link: (n: Pick<NoticeDoc, 'refs'>) => string | undefined }
> = {
  request_new: {
    text: 'Ny forespørgsel på en plads',
    link: (n) => n.refs.requestId && `/leverandoer/forespoergsler/${n.refs.requestId}`,
  },
  answer_received: {
    text: 'En leverandør har svaret på en forespørgsel',
    link: (n) => n.refs.orderId && `/bestillinger/${n.refs.orderId}`,
  },
  deadline_passed: {
    text: 'Svarfristen for en forespørgsel er udløbet',
    link: (n) => n.refs.orderId && `/bestillinger/${n.refs.orderId}`,
  },
  contract_awaiting_signature: {
    text: 'En kontrakt venter på underskrift',
    link: (n) => n.refs.contractId && `/kontrakter/${n.refs.contractId}`,
  },
  increase_awaiting_approval: {
    text: 'En takststigning venter på godkendelse',
    link: (n) => n.refs.tariffChangeId && `/takstaendringer/${n.refs.tariffChangeId}`,
  },
  approval_deadline_near: {
    text: 'Fristen for at godkende en takststigning nærmer sig',
    link: (n) => n.refs.tariffChangeId && `/takstaendringer/${n.refs.tariffChangeId}`,
  },
  amendment_proposed: {
    text: 'Et forslag til tillæg til en kontrakt venter på jeres svar',
    link: (n) => n.refs.contractId && `/kontrakter/${n.refs.contractId}`,
  },
  amendment_decided: {
    text: 'Den anden part har besvaret jeres forslag til tillæg',
    link: (n) => n.refs.contractId && `/kontrakter/${n.refs.contractId}`,
  },
  follow_up_due: {
    text: 'Et opfølgningsmøde (personrettet tilsyn) skal snart holdes',
    link: (n) => n.refs.orderId && `/bestillinger/${n.refs.orderId}/opfoelgning`,
  },
};
