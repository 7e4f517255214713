/**
 * The letters that tell the other party how a contract ended: withdrawn by the buyer, rejected by
 * the supplier, terminated with notice or at once (ophævelse). Pure, and like the contract letter
 * without personal data: the reason is free text a person wrote and may name the citizen, so the
 * letter says where to read it (the portal) instead of quoting it.
 */
import { danishDate } from '../contracts/contract.rules';
import type { Contract, ContractLetterKind, PartyRecord } from '../contracts/contract.types';

export type EndingLetterKind = Extract<
  ContractLetterKind,
  'withdrawn' | 'rejected' | 'terminated' | 'rescinded'
>;

export const endingLetterKey = (contractId: string, kind: EndingLetterKind) =>
  `contract-${kind}:${contractId}`;

type LetterContract = Pick<
  Contract,
  'id' | 'supplier' | 'actingMunicipality' | 'offer' | 'termination'
>;

/** Who a letter goes to, and who it answers to: always the other party of the contract. */
export function letterParties(c: LetterContract, to: 'supplier' | 'buyer') {
  return to === 'supplier'
    ? { recipient: c.supplier, sender: c.actingMunicipality }
    : { recipient: c.actingMunicipality, sender: c.supplier };
}

/** Where to answer a contract letter: the other party's contact from the registry (Reply-To). */
export const answerLine = (sender: PartyRecord) =>
  `Spørgsmål til brevet besvares af ${sender.name}: svar på denne mail, eller skriv til ${sender.contact.email}.`;

export const PRIVACY_NOTE =
  'Af hensyn til databeskyttelse indeholder denne mail ingen oplysninger om borgeren. Alle oplysninger findes i portalen, når I er logget ind.';

export const contractLink = (portalUrl: string, contractId: string) =>
  `${portalUrl.replace(/\/+$/, '')}/kontrakter/${encodeURIComponent(contractId)}`;

const noticeOf = (months: number) => (months === 1 ? '1 måneds' : `${months} måneders`);

function what(c: LetterContract, kind: EndingLetterKind, sender: PartyRecord): string {
  const about = `standardkontrakten ${c.id} om en plads i tilbuddet ${c.offer.name}`;
  const t = c.termination;
  switch (kind) {
    case 'withdrawn':
      return `${sender.name} har trukket ${about} tilbage. Kontrakten træder ikke i kraft, og I skal ikke foretage jer mere.`;
    case 'rejected':
      return `${sender.name} har afvist ${about}. Kontrakten træder ikke i kraft.`;
    case 'terminated':
      return `${sender.name} har opsagt ${about} med ${noticeOf(t?.noticeMonths ?? 0)} varsel. Kontrakten ophører den ${danishDate(t?.effectiveDate ?? '')}.`;
    case 'rescinded':
      return `${sender.name} har ophævet ${about} med virkning fra ${danishDate(t?.effectiveDate ?? '')}. Kontrakten ophører uden varsel.`;
  }
}

const SUBJECTS: Record<EndingLetterKind, string> = {
  withdrawn: 'trukket tilbage',
  rejected: 'afvist af leverandøren',
  terminated: 'opsagt',
  rescinded: 'ophævet',
};

export function endingLetter(
  c: LetterContract,
  kind: EndingLetterKind,
  to: 'supplier' | 'buyer',
  portalUrl: string,
): { subject: string; text: string; replyTo: string } {
  const { recipient, sender } = letterParties(c, to);
  const text = [
    `Kære ${recipient.name}`,
    '',
    what(c, kind, sender),
    '',
    'Begrundelsen og kontraktens historik står i portalen:',
    contractLink(portalUrl, c.id),
    '',
    answerLine(sender),
    '',
    PRIVACY_NOTE,
    '',
    'Med venlig hilsen',
    'Rammeaftale Sjælland',
  ].join('\n');
  return {
    subject: `Standardkontrakt ${c.id} er ${SUBJECTS[kind]}`,
    text,
    replyTo: sender.contact.email,
  };
}
