import type { Connection } from 'mongoose';
import { MUNICIPALITIES, REGION_SJAELLAND } from '@rammeaftale/domain';
import {
  municipalityOrganisationId,
  organisationModel,
  regionOrganisationId,
  type OrganisationDoc,
} from './organisation.model';
import { findByIds } from './by-ids';
import { assertRegistryScope, assertScope, type OfferScope } from './scope';

export type Organisation = Omit<OrganisationDoc, '_id'> & { id: string };
export type OrganisationWrite = Omit<OrganisationDoc, 'createdAt' | 'updatedAt'>;

const toOrganisation = ({ _id, ...rest }: OrganisationDoc): Organisation => ({ id: _id, ...rest });

/**
 * The parties of the agreement. Scoped like offers: an operator scope sees only its own
 * organisation, writes need the registry scope.
 */
export function organisationRepository(conn: Connection) {
  const Organisation = organisationModel(conn);

  const scopeFilter = (scope: OfferScope): Record<string, string> => {
    const s = assertScope(scope);
    return s.kind === 'registry' ? {} : { _id: s.operatorOrganisationId };
  };

  return {
    /**
     * The 17 municipalities and the region exist in every database: their names and codes come
     * from the domain package; contacts and EAN numbers are left to the organisations import.
     */
    async ensurePublicOrganisations(scope: OfferScope): Promise<void> {
      assertRegistryScope(scope);
      const now = new Date();
      const parties = [
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
      await Organisation.bulkWrite(
        parties.map(({ _id, ...fields }) => ({
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
    },

    async byIds(scope: OfferScope, ids: readonly string[]): Promise<Map<string, Organisation>> {
      const docs = await findByIds<OrganisationDoc>(
        Organisation as never,
        scopeFilter(scope),
        ids,
        {},
      );
      return new Map(docs.map((d) => [d._id, toOrganisation(d)]));
    },

    async list(
      scope: OfferScope,
      filter: { kind?: OrganisationDoc['kind'] } = {},
    ): Promise<Organisation[]> {
      const q: Record<string, unknown> = { ...scopeFilter(scope) };
      if (filter.kind) q.kind = filter.kind;
      const docs = await Organisation.find(q).sort({ kind: 1, name: 1 }).lean<OrganisationDoc[]>();
      return docs.map(toOrganisation);
    },

    /** One atomic upsert per organisation; returns the ids whose write failed. */
    async upsert(scope: OfferScope, writes: readonly OrganisationWrite[]): Promise<Set<string>> {
      assertRegistryScope(scope);
      const failed = new Set<string>();
      for (let i = 0; i < writes.length; i += 1000) {
        const chunk = writes.slice(i, i + 1000);
        const now = new Date();
        try {
          await Organisation.bulkWrite(
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
          const writeErrors = (err as { writeErrors?: { index: number }[] }).writeErrors;
          if (!writeErrors) throw err;
          for (const e of writeErrors) {
            const w = chunk[e.index];
            if (w) failed.add(w._id);
          }
        }
      }
      return failed;
    },
  };
}

export type OrganisationRepository = ReturnType<typeof organisationRepository>;
