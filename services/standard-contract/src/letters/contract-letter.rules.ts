/**
 * The contract letter to the supplier: Danish, with a link to read and accept the contract in
 * the portal. Pure, and deliberately without personal data: no citizen reference, no CPR number,
 * no goals or needs — the email travels outside the system, the details stay behind the login.
 */
import { danishDate } from '../contracts/contract.rules';
import type { Contract } from '../contracts/contract.types';
import { PRIVACY_NOTE, answerLine, contractLink } from './ending-letter.rules';

export const contractLetterKey = (contractId: string, version: number) =>
  `contract-letter:${contractId}:v${version}`;

export function contractLetter(
  c: Pick<Contract, 'id' | 'supplier' | 'actingMunicipality' | 'offer' | 'template' | 'amendments'>,
  version: number,
  portalUrl: string,
): { subject: string; text: string; replyTo: string } {
  const link = contractLink(portalUrl, c.id);
  const amendment = c.amendments.find((a) => a.version === version);
  const subject = amendment
    ? `Tillæg nr. ${amendment.number} til standardkontrakt ${c.id}`
    : `Standardkontrakt ${c.id} til accept`;
  const what = amendment
    ? `Der er registreret tillæg nr. ${amendment.number} til standardkontrakten, gældende fra ${danishDate(amendment.effectiveFrom)}. Kontrakten foreligger nu i version ${version}.`
    : `${c.actingMunicipality.name} har sendt jer en standardkontrakt (${c.template.title}) vedrørende en plads i tilbuddet ${c.offer.name}.`;
  const text = [
    `Kære ${c.supplier.name}`,
    '',
    what,
    '',
    amendment
      ? 'Læs kontrakten og tillægget i portalen:'
      : 'Læs og accepter kontrakten i portalen:',
    link,
    '',
    answerLine(c.actingMunicipality),
    '',
    PRIVACY_NOTE,
    '',
    'Med venlig hilsen',
    'Rammeaftale Sjælland',
  ].join('\n');
  return { subject, text, replyTo: c.actingMunicipality.contact.email };
}
