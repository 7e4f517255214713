import type { CprVault } from '@rammeaftale/privacy';
import type { OrderDoc } from './order.model';

type Need = OrderDoc['need'];
type TextVault = Pick<CprVault, 'encryptText' | 'decryptText' | 'isEncryptedText'>;

/** The free texts of an order about the citizen's health and social circumstances. */
export const CITIZEN_TEXT_FIELDS = ['needs', 'specialRequirements'] as const;
export type CitizenTextField = (typeof CITIZEN_TEXT_FIELDS)[number];

/**
 * The order's free texts about the citizen at rest: encrypted like the CPR number, with the same
 * keys (CPR_KEYS) and the same rotation command (`rotate-cpr-keys`). The repository seals them
 * when an order is stored and opens them only when an order is read for a party that may see it
 * (its municipalities, the suppliers asked, through the tenant-scoped reads); the cross-tenant
 * reads (the shared-offer check, reports) never select them. Without keys (development without
 * CPR_KEYS) the texts are stored as written, and a text stored so is read as it is (the rotation
 * command encrypts such texts once keys are there).
 */
export interface CitizenTexts {
  seal(need: Need): Need;
  open<T extends { need?: Need }>(doc: T): T;
}

export function citizenTexts(vault?: TextVault): CitizenTexts {
  const openOne = (value: string | undefined) =>
    value !== undefined && vault?.isEncryptedText(value) ? vault.decryptText(value) : value;
  return {
    seal: (need) => {
      if (!vault) return need;
      const sealed = { ...need, needs: vault.encryptText(need.needs) };
      if (need.specialRequirements !== undefined)
        sealed.specialRequirements = vault.encryptText(need.specialRequirements);
      return sealed;
    },
    open: (doc) => {
      if (!doc.need || !vault) return doc;
      const need = { ...doc.need, needs: openOne(doc.need.needs) ?? '' };
      if (doc.need.specialRequirements !== undefined)
        need.specialRequirements = openOne(doc.need.specialRequirements);
      return { ...doc, need };
    },
  };
}
