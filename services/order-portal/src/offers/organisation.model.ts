import { Schema, type Connection, type Model } from 'mongoose';

export const ORGANISATION_KINDS = ['municipality', 'region', 'private'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * A party of the agreement: one of the 17 municipalities, Region Sjælland, or a private provider.
 * `_id` is the business key and the `organisationId` in users' tokens: `mun-<code>` for a
 * municipality, `region-<code>` for the region, `cvr-<CVR>` for a private provider. That makes
 * imports and the demo seed idempotent without a lookup.
 */
export interface OrganisationDoc {
  _id: string;
  kind: OrganisationKind;
  name: string;
  municipalityCode?: number;
  regionCode?: number;
  cvr?: string;
  /** EAN location numbers for electronic invoicing; the first is the default. */
  eanNumbers: string[];
  contact: {
    street?: string;
    postalCode?: string;
    city?: string;
    email?: string;
    phone?: string;
  };
  /**
   * Where the portal's notice mails go, per role of the organisation's people (a municipality's
   * case workers and its own offers' unit are different mailboxes); absent: `contact.email`.
   */
  noticeEmails?: { caseworker?: string; supplier?: string };
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<OrganisationDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ORGANISATION_KINDS, required: true },
    name: { type: String, required: true },
    municipalityCode: Number,
    regionCode: Number,
    cvr: String,
    eanNumbers: { type: [String], default: [] },
    contact: {
      street: String,
      postalCode: String,
      city: String,
      email: String,
      phone: String,
    },
    noticeEmails: {
      type: new Schema({ caseworker: String, supplier: String }, { _id: false }),
      default: undefined,
    },
  },
  { timestamps: true, versionKey: false },
);
schema.index({ kind: 1, name: 1 });

export function organisationModel(conn: Connection): Model<OrganisationDoc> {
  return (
    (conn.models.Organisation as Model<OrganisationDoc>) ??
    conn.model<OrganisationDoc>('Organisation', schema, 'organisations')
  );
}

export function municipalityOrganisationId(code: number): string {
  return `mun-${code}`;
}
export function regionOrganisationId(code: number): string {
  return `region-${code}`;
}
export function providerOrganisationId(cvr: string): string {
  return `cvr-${cvr}`;
}
