import type { OrganisationRepository } from './organisation.repository';
import { SHARED_REGISTRY } from '../tenancy';

/**
 * The names of organisations by id (the registry's parties are public to every signed-in role):
 * what the portal shows for "who" instead of an id. Unknown ids are left out.
 */
export async function organisationNames(
  deps: { organisations: OrganisationRepository },
  ids: readonly string[],
): Promise<Record<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return {};
  const found = await deps.organisations.byIds(SHARED_REGISTRY, unique);
  return Object.fromEntries([...found].map(([id, o]) => [id, o.name]));
}
