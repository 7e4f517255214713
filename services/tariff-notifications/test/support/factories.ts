/** The records the notifications tests send: letters, and the orientation letter's campaign. */

export interface LetterBody {
  key: string;
  kind: string;
  to: string[];
  replyTo?: string;
  subject?: string;
  text?: string;
  template?: string;
  data?: Record<string, string>;
  attachments?: { filename: string; contentType: string; contentBase64: string }[];
}

/** A plain-text letter to a supplier under a business key; override what the test is about. */
export const letterFactory = (key: string, over: Partial<LetterBody> = {}): LetterBody => ({
  key,
  kind: 'tariff-letter',
  to: ['tilbud@leverandor.test'],
  subject: 'Takststigning over P/L',
  text: 'Kære leverandør. Vi beder om en begrundelse for takststigningen.',
  ...over,
});

/** The fields of the orientation letter (template `orientation-letter`). */
export const ORIENTATION_DATA = {
  policyYear: '2026',
  plRate: '4,00 %',
  privateThreshold: '5,00 %',
  publicThreshold: '8,00 %',
};

export interface CampaignRecipient {
  organisationId: string;
  name: string;
  email: string;
}

/** `n` suppliers, `provider-<i>`, each with its own address. */
export const recipientsFactory = (n: number): CampaignRecipient[] =>
  Array.from({ length: n }, (_, i) => ({
    organisationId: `provider-${i}`,
    name: `Leverandør ${i} ApS`,
    email: `kontakt${i}@leverandor.test`,
  }));

/** The orientation letter to the given suppliers under a campaign key. */
export const orientationCampaign = (
  key: string,
  recipients: CampaignRecipient[],
  data: Record<string, string> = ORIENTATION_DATA,
) => ({ key, template: 'orientation-letter', kind: 'orientation-letter', data, recipients });
