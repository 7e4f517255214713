import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export type MailTransport = Transporter<SMTPPool.SentMessageInfo>;
export type SentInfo = SMTPPool.SentMessageInfo;

export interface MailTransportOptions {
  /** smtp://user:pass@host:port or smtps://... */
  smtpUrl: string;
  maxConnections?: number;
  /**
   * Socket-level timeouts. They must stay below the job lock duration so a hung SMTP
   * conversation fails the attempt before another worker could take the same job.
   */
  socketTimeoutMs?: number;
}

/** A pooled SMTP transport: connections are reused across letters (much faster for campaigns). */
export function createMailTransport(opts: MailTransportOptions): MailTransport {
  const url = new URL(opts.smtpUrl);
  const timeout = opts.socketTimeoutMs ?? 30_000;
  return nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    maxConnections: opts.maxConnections ?? 5,
    maxMessages: 500,
    connectionTimeout: Math.min(timeout, 10_000),
    greetingTimeout: Math.min(timeout, 10_000),
    socketTimeout: timeout,
    // Local catchers speak plain SMTP; real servers negotiate STARTTLS when offered.
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
  });
}

export type SmtpFailureKind = 'temporary' | 'permanent';

/**
 * 4xx replies and network trouble are temporary (retry with backoff over hours);
 * 5xx replies are permanent (fail once, keep the reason for the operator).
 */
export function classifySmtpFailure(err: unknown): SmtpFailureKind {
  const code = (err as { responseCode?: number } | null)?.responseCode;
  if (typeof code === 'number') return code >= 500 ? 'permanent' : 'temporary';
  return 'temporary';
}

/** nodemailer resolves even when some recipients were refused: that is not "sent". */
export function rejectedRecipients(info: SentInfo): string[] {
  const list = (info.rejected ?? []) as (string | { address: string })[];
  return list.map((r) => (typeof r === 'string' ? r : r.address));
}
