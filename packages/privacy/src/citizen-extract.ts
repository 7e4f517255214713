import { z } from 'zod';
import { ROLES, type Actor } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { ACCESS_ACTIONS, type AccessLogEntry } from './access-log.entry';
import type { AccessLogRepository } from './access-log.repository';
import type { AccessLog } from './access-logger';

/** The request for a citizen's extract: the pseudonym in the body, never in a URL. */
export const CitizenExtractRequest = z.strictObject({
  citizenRef: z.string().trim().min(2).max(64),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type CitizenExtractRequest = z.infer<typeof CitizenExtractRequest>;

/** The answer of both services' `POST …/access-log/extract`: the entries about one pseudonym. */
export const CitizenExtractView = z.object({
  citizenRef: z.string(),
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.date(),
      userId: z.string(),
      role: z.enum(ROLES),
      organisationId: z.string(),
      action: z.enum(ACCESS_ACTIONS),
      purpose: z.string(),
      citizenRef: z.string().optional(),
      searchCriterion: z.string().optional(),
      resource: z.object({ type: z.string(), id: z.string() }),
      correlationId: z.string().optional(),
    }),
  ),
});

/** The extract starts from every organisation's entries and keeps what this one may give out. */
const EVERY_ORGANISATIONS_READS = crossTenant(
  "a citizen's extract: every organisation's entries about the pseudonym, kept by who owns the record",
);

/**
 * Who read or changed a citizen's data, when and why: the data subject's extract, as the
 * municipality responsible for the case gives it.
 *
 * Pseudonyms belong to a municipality, so a case worker gets only entries about the case records
 * its municipality owns (`ownsRecord` answers for the record types the service keeps), plus its
 * own organisation's other entries (say, its earlier extracts). A read of another municipality's
 * record belongs to that municipality's extract, even when the reader was this organisation (a
 * municipality that also runs offers). The secretariat sees every entry. The extract is itself a
 * read of the citizen's data, and is logged as one.
 */
export async function citizenExtract(
  deps: { repo: AccessLogRepository; accessLog: AccessLog },
  actor: Actor,
  request: CitizenExtractRequest,
  ownsRecord: (resource: AccessLogEntry['resource']) => Promise<boolean | undefined>,
): Promise<{ citizenRef: string; entries: AccessLogEntry[] }> {
  const all = await deps.repo.extractForCitizen(EVERY_ORGANISATIONS_READS, request.citizenRef, {
    from: request.from ? new Date(request.from) : undefined,
    to: request.to ? new Date(request.to) : undefined,
  });
  const owned = new Map<string, Promise<boolean | undefined>>();
  const keep = async (e: AccessLogEntry) => {
    if (actor.role === 'secretariat') return true;
    const key = `${e.resource.type}:${e.resource.id}`;
    if (!owned.has(key)) owned.set(key, ownsRecord(e.resource));
    return (await owned.get(key)) ?? e.organisationId === actor.organisationId;
  };
  const kept = await Promise.all(all.map(keep));
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Udtræk af adgangslog for borger',
    citizenRef: request.citizenRef,
    resource: { type: 'access-log', id: 'extract' },
  });
  return { citizenRef: request.citizenRef, entries: all.filter((_, i) => kept[i]) };
}
