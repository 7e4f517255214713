import type { OrganisationRepository } from './organisation.repository';
import type { OrganisationKind } from './organisation.model';
import { SHARED_REGISTRY } from '../tenancy';

/** The parties with their invoicing (EAN) and letter addresses; readable by every signed-in role. */
export async function listOrganisations(
  deps: { organisations: OrganisationRepository },
  kind?: OrganisationKind,
) {
  const items = await deps.organisations.list(SHARED_REGISTRY, kind ? { kind } : {});
  return {
    items: items.map((o) => ({
      id: o.id,
      kind: o.kind,
      name: o.name,
      municipalityCode: o.municipalityCode ?? null,
      cvr: o.cvr ?? null,
      // Organisations stored before EAN numbers were kept have none (lean reads apply no defaults).
      eanNumbers: o.eanNumbers ?? [],
      contact: {
        street: o.contact?.street ?? null,
        postalCode: o.contact?.postalCode ?? null,
        city: o.contact?.city ?? null,
        email: o.contact?.email ?? null,
        phone: o.contact?.phone ?? null,
      },
    })),
  };
}
