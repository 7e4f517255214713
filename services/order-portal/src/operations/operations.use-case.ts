import type { Actor } from '@rammeaftale/auth';
import { ForbiddenError, NotFoundError, UnavailableError } from '@rammeaftale/domain';
import type {
  DeliveryRow,
  NotificationsClient,
  QueueRow,
} from '../notifications/notifications.client';

/**
 * The operator's view of the suite: is each service alive and ready, how deep is each queue and
 * how long has its oldest job waited, which letters failed or wait for another attempt. Calls go
 * to the services with the operator's own token (ADR 0009); the portal itself is asked in-process.
 */
export interface OperationsDeps {
  notifications?: NotificationsClient;
  /** The other services by name and base URL (absent: not connected). */
  services: { name: 'standard-contract' | 'tariff-notifications'; url?: string }[];
  /** The portal's own readiness checks (MongoDB, Redis). */
  readiness: { name: string; check: () => Promise<boolean> }[];
  timeoutMs?: number;
}

export interface ServiceHealth {
  name: 'order-portal' | 'standard-contract' | 'tariff-notifications';
  /** Not connected: the portal has no address of the service. */
  connected: boolean;
  /** `/healthz` answered. */
  live: boolean;
  /** `/readyz` answered 200; its checks (MongoDB, Redis) one by one. */
  ready: boolean;
  checks: { name: string; ok: boolean }[];
}

const onlyOperator = (actor: Actor) => {
  if (actor.role !== 'operator') throw new ForbiddenError('For the operator');
};

async function probe(url: string, timeoutMs: number): Promise<Omit<ServiceHealth, 'name'>> {
  const get = (path: string) =>
    fetch(`${url.replace(/\/+$/, '')}${path}`, { signal: AbortSignal.timeout(timeoutMs) }).catch(
      () => undefined,
    );
  const [live, ready] = await Promise.all([get('/healthz'), get('/readyz')]);
  const body = (await ready?.json().catch(() => undefined)) as
    { checks?: Record<string, string> } | undefined;
  return {
    connected: true,
    live: live?.ok ?? false,
    ready: ready?.ok ?? false,
    checks: Object.entries(body?.checks ?? {}).map(([name, v]) => ({ name, ok: v === 'ok' })),
  };
}

export async function serviceHealth(deps: OperationsDeps, actor: Actor): Promise<ServiceHealth[]> {
  onlyOperator(actor);
  const own = await Promise.all(
    deps.readiness.map(async (c) => ({ name: c.name, ok: await c.check().catch(() => false) })),
  );
  const others = await Promise.all(
    deps.services.map(async (s): Promise<ServiceHealth> =>
      s.url
        ? { name: s.name, ...(await probe(s.url, deps.timeoutMs ?? 3000)) }
        : { name: s.name, connected: false, live: false, ready: false, checks: [] },
    ),
  );
  return [
    {
      name: 'order-portal',
      connected: true,
      live: true,
      ready: own.every((c) => c.ok),
      checks: own,
    },
    ...others,
  ];
}

/** What cannot be there when the portal has no notifications service: not found. */
const client = (deps: OperationsDeps): NotificationsClient => {
  if (!deps.notifications) throw new NotFoundError('The notifications service is not connected');
  return deps.notifications;
};

/** Every queue's depth, or `undefined` when the notifications service cannot say. */
export async function queueDepths(
  deps: OperationsDeps,
  actor: Actor,
  token: string,
): Promise<QueueRow[] | undefined> {
  onlyOperator(actor);
  if (!deps.notifications) return undefined;
  return deps.notifications.queues(token).catch((err: unknown) => {
    if (err instanceof UnavailableError) return undefined;
    throw err;
  });
}

/** Letters that failed for good, and letters waiting for another attempt after a failed one. */
export async function deliveriesNeedingAttention(
  deps: OperationsDeps,
  actor: Actor,
  token: string,
): Promise<{ failed: DeliveryRow[]; retrying: DeliveryRow[] } | undefined> {
  onlyOperator(actor);
  // Not connected (a portal started without the notifications service): nothing to show.
  if (!deps.notifications) return undefined;
  const n = deps.notifications;
  const [failed, retrying] = await Promise.all([
    n.failedDeliveries(token),
    n.retryingDeliveries(token),
  ]);
  return { failed, retrying };
}

export async function retryFailedDelivery(
  deps: OperationsDeps,
  actor: Actor,
  token: string,
  deliveryId: string,
): Promise<void> {
  onlyOperator(actor);
  await client(deps).retryDelivery(token, deliveryId);
}
