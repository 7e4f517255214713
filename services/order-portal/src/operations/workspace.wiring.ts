import type { Runtime } from '@rammeaftale/runtime';
import type { OrderPortalConfig } from '../config';
import { notificationsClient } from '../notifications/notifications.client';
import { ImportUploadRepository } from '../offers/import/import-upload.repository';
import { OfferLockRepository } from '../offers/offer-lock.repository';
import { OfferRepository } from '../offers/offer.repository';
import { PolicyValuesRepository } from '../offers/policy-values.repository';
import type { OrderDeps } from '../orders/order-deps';
import type { PortalDeps } from '../portal/portal-deps';

/**
 * The secretariat's and the operator's workspace pages (issue 14), wired for start.ts: the
 * notifications service's client, the operator's view of the suite, policy values and imports.
 */
export function workspaceDeps(
  config: OrderPortalConfig,
  runtime: Runtime,
  orderDeps: OrderDeps,
): Pick<PortalDeps, 'notifications' | 'operations' | 'policies' | 'imports'> {
  const notifications = config.TARIFF_NOTIFICATIONS_URL
    ? notificationsClient({ baseUrl: config.TARIFF_NOTIFICATIONS_URL })
    : undefined;
  return {
    notifications,
    operations: {
      notifications,
      services: [
        { name: 'standard-contract', url: config.STANDARD_CONTRACT_URL },
        { name: 'tariff-notifications', url: config.TARIFF_NOTIFICATIONS_URL },
      ],
      readiness: runtime.readiness,
    },
    policies: { policies: new PolicyValuesRepository(runtime.db), logger: runtime.logger },
    imports: {
      offers: new OfferRepository(runtime.db),
      organisations: orderDeps.organisations,
      locks: new OfferLockRepository(runtime.db),
      logger: runtime.logger,
      now: orderDeps.now,
      uploads: new ImportUploadRepository(runtime.db),
      bodyLimit: config.IMPORT_BODY_LIMIT,
    },
  };
}
