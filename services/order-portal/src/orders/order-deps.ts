import type { RateLimitStore } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import type { AccessLog, AccessLogRepository, CprVault } from '@rammeaftale/privacy';
import type { ScoreWeights } from '@rammeaftale/domain';
import type { OrganisationRepository } from '../offers/organisation.repository';
import type { NoticeRepository } from '../notices-to-people/notice.repository';
import type { NoticeMailer } from '../notices-to-people/notice-mail';
import type { OrderRepository } from './order.repository';
import type { SearchCandidates } from './search-candidates';

/** What the order use cases need, wired in start.ts. */
export interface OrderDeps {
  orders: OrderRepository;
  candidates: SearchCandidates;
  organisations: OrganisationRepository;
  /** Absent when no CPR keys are configured: then a CPR number cannot be stored (400). */
  vault?: CprVault;
  accessLog: AccessLog;
  /** The people's notices ("Beskeder"); absent: nobody is told (tests of other things). */
  notices?: NoticeRepository;
  /** How a notice's mail reaches the notifications service; absent: no mail (portal only). */
  mailer?: NoticeMailer;
  /** For the extract of who looked at a citizen (read-only use). */
  accessLogRepo?: AccessLogRepository;
  logger: Logger;
  /** Where the per-user limit counts (the service's Redis); absent: this process's memory. */
  rateLimits?: RateLimitStore;
  settings: {
    staleAfterDays: number;
    requestDeadlineHours: number;
    weights: ScoreWeights;
    userRateLimitPerMinute: number;
  };
  now: () => Date;
  /** Called after an order recorded an event, so the outbox relay runs at once instead of on its timer. */
  onSelected?: () => void;
}
