import { randomBytes } from 'node:crypto';
import type { Actor } from '@rammeaftale/auth';
import {
  ForbiddenError,
  NotFoundError,
  RejectedError,
  UnavailableError,
} from '@rammeaftale/domain';
import type {
  CampaignProgress,
  CampaignRow,
  NotificationsClient,
} from '../notifications/notifications.client';
import type { OfferRepository } from '../offers/offer.repository';
import type { OrganisationRepository } from '../offers/organisation.repository';
import { listPolicyValues, type PolicyDeps } from '../offers/policy-values.use-case';
import { SHARED_REGISTRY } from '../tenancy';
import type { OrientationAudience, OrientationStart } from './campaign.schemas';

/**
 * The orientation letter to the suppliers, started by the secretariat in the portal: the
 * recipients are drawn from the registry (the operators of its offers, with their letter
 * address), the year's policy values fill the letter, and the notifications service sends one
 * letter per recipient and keeps each one's status. Calls carry the secretary's own token.
 */
export interface CampaignDeps {
  registry: { offers: OfferRepository; organisations: OrganisationRepository };
  policies: PolicyDeps;
  notifications?: NotificationsClient;
}

export interface Recipient {
  organisationId: string;
  name: string;
  email: string;
}

const TEMPLATE = 'orientation-letter' as const;
const PAGE = 1000;

const onlySecretariat = (actor: Actor) => {
  if (actor.role !== 'secretariat') throw new ForbiddenError('For the secretariat');
};

const client = (deps: CampaignDeps): NotificationsClient => {
  if (!deps.notifications)
    throw new UnavailableError('The notifications service is not connected', 60, {
      code: 'notifications-unavailable',
    });
  return deps.notifications;
};

/** The operators of the offers that match, with and without a letter address, by name. */
export async function recipientsOf(
  deps: CampaignDeps,
  audience: OrientationAudience,
): Promise<{ recipients: Recipient[]; withoutEmail: { organisationId: string; name: string }[] }> {
  const operators = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const { items, total } = await deps.registry.offers.list(
      SHARED_REGISTRY,
      {
        targetGroup: audience.targetGroup,
        operatorKind: audience.operatorKind,
        municipalityCode: audience.municipalityCode,
      },
      { limit: PAGE, offset },
    );
    for (const o of items) operators.add(o.operator.organisationId);
    if (offset + PAGE >= total) break;
  }
  const found = await deps.registry.organisations.byIds(SHARED_REGISTRY, [...operators]);
  const byName = [...found.values()].sort((a, b) => a.name.localeCompare(b.name, 'da'));
  return {
    recipients: byName.flatMap((o) =>
      o.contact?.email ? [{ organisationId: o.id, name: o.name, email: o.contact.email }] : [],
    ),
    withoutEmail: byName
      .filter((o) => !o.contact?.email)
      .map((o) => ({ organisationId: o.id, name: o.name })),
  };
}

/** The letter's fields from the year's policy values (its latest set); 404 when it has none. */
export async function letterData(deps: CampaignDeps, year: number) {
  const { items } = await listPolicyValues(deps.policies, year);
  const p = items.at(-1)!;
  return {
    policyYear: String(year),
    plRate: p.plRateText,
    privateThreshold: p.privateReportThresholdText,
    publicThreshold: p.publicReportThresholdText,
  };
}

/** What the secretary sees before sending: every recipient, the values, one letter filled in. */
export async function previewOrientation(
  deps: CampaignDeps,
  actor: Actor,
  token: string,
  audience: OrientationAudience,
) {
  onlySecretariat(actor);
  const [who, data] = await Promise.all([
    recipientsOf(deps, audience),
    letterData(deps, audience.year),
  ]);
  const first = who.recipients[0];
  const letter =
    first && deps.notifications
      ? await deps.notifications.previewLetter(token, {
          template: TEMPLATE,
          data,
          supplierName: first.name,
        })
      : undefined;
  const key = `orientering-${audience.year}-${randomBytes(6).toString('hex')}`;
  return {
    ...who,
    data,
    letter,
    sampleName: first?.name,
    key,
    connected: deps.notifications !== undefined,
  };
}

/** Starts the campaign (once per key); answers its id. */
export async function startOrientation(
  deps: CampaignDeps,
  actor: Actor,
  token: string,
  input: OrientationStart,
): Promise<string> {
  onlySecretariat(actor);
  const { key, ...audience } = input;
  const [who, data] = await Promise.all([
    recipientsOf(deps, audience),
    letterData(deps, audience.year),
  ]);
  if (!who.recipients.length)
    throw new RejectedError('No supplier with a letter address matches', {
      code: 'no_recipients',
    });
  const started = await client(deps).startCampaign(token, {
    key,
    template: TEMPLATE,
    kind: TEMPLATE,
    data,
    recipients: who.recipients,
  });
  return started.id;
}

export async function listCampaigns(
  deps: CampaignDeps,
  actor: Actor,
  token: string,
): Promise<CampaignRow[] | undefined> {
  onlySecretariat(actor);
  // Not connected (a portal started without the notifications service): none to show.
  return deps.notifications?.campaigns(token);
}

export async function campaignProgress(
  deps: CampaignDeps,
  actor: Actor,
  token: string,
  id: string,
): Promise<CampaignProgress> {
  onlySecretariat(actor);
  if (!deps.notifications) throw new NotFoundError('Campaign');
  return deps.notifications.campaign(token, id);
}

export async function retryFailedLetters(
  deps: CampaignDeps,
  actor: Actor,
  token: string,
  id: string,
): Promise<number> {
  onlySecretariat(actor);
  if (!deps.notifications) throw new NotFoundError('Campaign');
  return (await deps.notifications.retryFailed(token, id)).retried;
}
