/** Danish names of what the operator's pages show: services, queues, letters, mail errors. */

export const SERVICE_NAMES: Record<string, string> = {
  'order-portal': 'Bestillingsportalen',
  'standard-contract': 'Standardkontrakter',
  'tariff-notifications': 'Breve og indberetninger',
};

export const CHECK_NAMES: Record<string, string> = { mongo: 'Database', redis: 'Køserver (Redis)' };

export const QUEUE_NAMES: Record<string, string> = {
  letters: 'Breve og indberetninger',
  'standard-contract-events': 'Hændelser til standardkontrakter',
  'order-portal-events': 'Hændelser til bestillingsportalen',
};

export const LETTER_KINDS: Record<string, string> = {
  'contract-letter': 'Kontraktbrev',
  'tariff-letter': 'Brev om takststigning',
  'tariff-approval-reminder': 'Påmindelse om takstgodkendelse',
  'orientation-letter': 'Orienteringsbrev',
  'authority-report': 'Indberetning til tilsyn',
  notice: 'Besked fra portalen',
};

/**
 * What a mail server's reply means, in Danish; the reply itself is shown beside it for the
 * operator, who may need it when talking to the recipient's mail provider.
 */
export function mailErrorText(reason: string | undefined): string {
  if (!reason) return 'Ingen årsag registreret';
  const code = /\b([45])\d\d\b/.exec(reason)?.[1];
  if (/timeout|timed out|ETIMEDOUT|ECONNREFUSED|ECONNRESET|socket/i.test(reason))
    return 'Mailserveren kunne ikke nås eller svarede ikke';
  if (code === '5') return 'Modtagerens mailserver afviste brevet (varig fejl)';
  if (code === '4') return 'Mailserveren afviste brevet midlertidigt';
  return 'Brevet kunne ikke afleveres';
}
