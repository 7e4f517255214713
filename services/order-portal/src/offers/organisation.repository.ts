import type { Connection, Model } from 'mongoose';
import {
  requireCrossTenant,
  scopeFilter,
  type CrossTenantScope,
  type ScopeFilters,
  type TenantScope,
} from '@rammeaftale/db';
import { MUNICIPALITIES, REGION_SJAELLAND } from '@rammeaftale/domain';
import {
  municipalityOrganisationId,
  organisationModel,
  regionOrganisationId,
  type OrganisationDoc,
} from './organisation.model';
import { findByIds } from './by-ids';
import { chunks, failedWrites } from './offer.queries';

export type Organisation = Omit<OrganisationDoc, '_id'> & { id: string };
export type OrganisationWrite = Omit<OrganisationDoc, 'createdAt' | 'updatedAt'>;

const toOrganisation = ({ _id, ...rest }: OrganisationDoc): Organisation => ({ id: _id, ...rest });

const OWN: ScopeFilters<'organisation'> = { organisation: (id) => ({ _id: id }) };

/** The 17 municipalities and the region, with their names and codes from the domain package. */
function publicParties() {
  return [
    ...MUNICIPALITIES.map((m) => ({
      _id: municipalityOrganisationId(m.code),
      kind: 'municipality' as const,
      name: `${m.name} Kommune`,
      municipalityCode: m.code,
    })),
    {
      _id: regionOrganisationId(REGION_SJAELLAND.code),
      kind: 'region' as const,
      name: REGION_SJAELLAND.name,
      regionCode: REGION_SJAELLAND.code,
    },
  ];
}

/**
 * The parties of the agreement. An organisation scope sees only its own record; the registry as
 * a whole is read, and written by the secretariat's import, with a cross-tenant scope.
 */
export class OrganisationRepository {
  private readonly Organisation: Model<OrganisationDoc>;

  constructor(conn: Connection) {
    this.Organisation = organisationModel(conn);
  }

  /**
   * The 17 municipalities and the region exist in every database: their names and codes come
   * from the domain package; contacts and EAN numbers are left to the organisations import.
   */
  async ensurePublicOrganisations(scope: CrossTenantScope): Promise<void> {
    requireCrossTenant(scope);
    const now = new Date();
    await this.Organisation.bulkWrite(
      publicParties().map(({ _id, ...fields }) => ({
        updateOne: {
          filter: { _id },
          update: {
            $setOnInsert: {
              ...fields,
              eanNumbers: [],
              contact: {},
              createdAt: now,
              updatedAt: now,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false, timestamps: false },
    );
  }

  async byIds(
    scope: TenantScope<'organisation'>,
    ids: readonly string[],
  ): Promise<Map<string, Organisation>> {
    const docs = await findByIds<OrganisationDoc>(
      this.Organisation as never,
      scopeFilter(scope, OWN),
      ids,
      {},
    );
    return new Map(docs.map((d) => [d._id, toOrganisation(d)]));
  }

  async list(
    scope: TenantScope<'organisation'>,
    filter: { kind?: OrganisationDoc['kind'] } = {},
  ): Promise<Organisation[]> {
    const q: Record<string, unknown> = { ...scopeFilter(scope, OWN) };
    if (filter.kind) q.kind = filter.kind;
    const docs = await this.Organisation.find(q)
      .sort({ kind: 1, name: 1 })
      .lean<OrganisationDoc[]>();
    return docs.map(toOrganisation);
  }

  /** One atomic upsert per organisation; returns the ids whose write failed. */
  async upsert(
    scope: CrossTenantScope,
    writes: readonly OrganisationWrite[],
  ): Promise<Set<string>> {
    requireCrossTenant(scope);
    const failed = new Set<string>();
    for (const chunk of chunks(writes, 1000)) {
      const now = new Date();
      try {
        await this.Organisation.bulkWrite(
          chunk.map(({ _id, ...fields }) => ({
            updateOne: {
              filter: { _id },
              update: { $set: { ...fields, updatedAt: now }, $setOnInsert: { createdAt: now } },
              upsert: true,
            },
          })),
          { ordered: false, timestamps: false },
        );
      } catch (err) {
        for (const e of failedWrites(err)) {
          const w = chunk[e.index];
          if (w) failed.add(w._id);
        }
      }
    }
    return failed;
  }
}
