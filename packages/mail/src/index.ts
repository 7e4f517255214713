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
  /**
   * Refuse to send unless the conversation is encrypted: STARTTLS on smtp://, TLS from the first
   * byte on smtps://. Without it a server (or anyone between) that does not offer STARTTLS gets the
   * letter in clear. Off only for local catchers in development and tests.
   */
  requireTls?: boolean;
  /** The lowest TLS version accepted (default TLSv1.2). */
  tlsMinVersion?: 'TLSv1.2' | 'TLSv1.3';
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
    tls: { minVersion: opts.tlsMinVersion ?? 'TLSv1.2' },
    ...(opts.requireTls
      ? { requireTLS: true, ignoreTLS: false }
      : // Local catchers speak plain SMTP; other servers negotiate STARTTLS when offered.
        { ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost' }),
  });
}

export type SmtpFailureKind = 'temporary' | 'permanent';

/**
 * 4xx replies and network trouble are temporary (retry with backoff over hours);
 * 5xx replies are permanent (fail once, keep the reason for the operator).
 */
export function classifySmtpFailure(err: unknown): SmtpFailureKind {
  // TLS required but not offered, or refused: a downgrade or a misconfigured server. Waiting does
  // not fix it, and the letter must not go in clear: the operator sees it at once.
  if (isTlsFailure(err)) return 'permanent';
  const code = (err as { responseCode?: number } | null)?.responseCode;
  if (typeof code === 'number') return code >= 500 ? 'permanent' : 'temporary';
  return 'temporary';
}

/** The connection could not be encrypted (nodemailer's ETLS), whatever the server answered. */
export function isTlsFailure(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'ETLS';
}

/**
 * A bounce: the receiving side refused the letter itself for good — a 5xx to the envelope
 * (MAIL FROM, RCPT TO) or to the message (DATA). Not a bounce: a 5xx to STARTTLS or AUTH (our
 * connection failed, the address may be fine).
 */
export function isBounce(err: unknown): boolean {
  const e = err as { responseCode?: number; command?: string } | null;
  if (isTlsFailure(err) || typeof e?.responseCode !== 'number' || e.responseCode < 500)
    return false;
  const command = (e.command ?? '').toUpperCase();
  return /^(MAIL|RCPT|DATA)/.test(command);
}

/** nodemailer resolves even when some recipients were refused: that is not "sent". */
export function rejectedRecipients(info: SentInfo): string[] {
  const list = (info.rejected ?? []) as (string | { address: string })[];
  return list.map((r) => (typeof r === 'string' ? r : r.address));
}
