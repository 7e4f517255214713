/**
 * The letters of an amendment by agreement: to the other party when one party proposes it, and to
 * the proposer when the other party accepted or declined it. Pure, and like every contract letter
 * without personal data: the reason and the comment are free text a person wrote, so the letter
 * says where to read them (the portal) instead of quoting them.
 */
import { changedWords } from '../contracts/amendment-proposal.rules';
import { danishDate } from '../contracts/contract.rules';
import type { Contract, ContractLetterKind } from '../contracts/contract.types';
import { PRIVACY_NOTE, answerLine, contractLink, letterParties } from './ending-letter.rules';

export type AmendmentLetterKind = Extract<ContractLetterKind, `amendment-${string}`>;

export const isAmendmentLetter = (
  kind: ContractLetterKind | undefined,
): kind is AmendmentLetterKind => kind?.startsWith('amendment-') ?? false;

export const amendmentLetterKey = (
  contractId: string,
  kind: AmendmentLetterKind,
  proposal: number,
) => `contract-${kind}:${contractId}:${proposal}`;

type LetterContract = Pick<
  Contract,
  | 'id'
  | 'supplier'
  | 'actingMunicipality'
  | 'offer'
  | 'termination'
  | 'amendmentProposals'
  | 'version'
>;

const SUBJECTS: Record<AmendmentLetterKind, string> = {
  'amendment-proposed': 'Forslag til tillæg',
  'amendment-accepted': 'Forslag til tillæg er accepteret',
  'amendment-declined': 'Forslag til tillæg er afvist',
};

function what(c: LetterContract, kind: AmendmentLetterKind, number: number, senderName: string) {
  const p = c.amendmentProposals.find((x) => x.number === number);
  const about = `standardkontrakten ${c.id} om en plads i tilbuddet ${c.offer.name}`;
  const changes = p ? changedWords(p.changes) : '';
  const from = p ? ` fra ${danishDate(p.effectiveFrom)}` : '';
  switch (kind) {
    case 'amendment-proposed':
      return `${senderName} foreslår et tillæg (forslag nr. ${number}) til ${about}: en ændring af ${changes}${from}. Forslaget gælder først, når I har accepteret det. Læs forslaget og begrundelsen, og acceptér eller afvis det i portalen:`;
    case 'amendment-accepted':
      return `${senderName} har accepteret jeres forslag nr. ${number} til tillæg til ${about}. Ændringen af ${changes} gælder${from}, og kontrakten foreligger nu i version ${p?.decision?.version ?? c.version}. Læs kontrakten og tillægget i portalen:`;
    case 'amendment-declined':
      return `${senderName} har afvist jeres forslag nr. ${number} til tillæg til ${about}. Kontrakten er uændret. Eventuelle bemærkninger står i portalen:`;
  }
}

export function amendmentLetter(
  c: LetterContract,
  kind: AmendmentLetterKind,
  to: 'supplier' | 'buyer',
  number: number,
  portalUrl: string,
): { subject: string; text: string; replyTo: string } {
  const { recipient, sender } = letterParties(c, to);
  const text = [
    `Kære ${recipient.name}`,
    '',
    what(c, kind, number, sender.name),
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
    subject: `${SUBJECTS[kind]} nr. ${number} til standardkontrakt ${c.id}`,
    text,
    replyTo: sender.contact.email,
  };
}
