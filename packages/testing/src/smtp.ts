import { appendFileSync } from 'node:fs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { mailScanText } from './mail-scan';
import { freePort } from './ports';

export interface CapturedMail {
  messageId: string | undefined;
  envelopeFrom: string | undefined;
  envelopeTo: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  headers: ParsedMail['headers'];
  attachments: { filename: string | undefined; contentType: string; content: Buffer }[];
  raw: string;
  receivedAt: Date;
}

/** An SMTP reply the catcher gives instead of accepting, to test 4xx/5xx handling. */
export interface SmtpFault {
  code: number;
  message: string;
}

export interface SmtpCatcher {
  port: number;
  url: string;
  messages: CapturedMail[];
  /** Resolves when at least `count` messages have arrived. */
  waitFor: (count: number, timeoutMs?: number) => Promise<CapturedMail[]>;
  clear: () => void;
  /** Answer every DATA with this reply (null: accept). */
  failData: (fault: SmtpFault | null) => void;
  /** Wait this long before answering each DATA (a slow server, for crash-mid-batch tests). */
  delayData: (ms: number) => void;
  /**
   * Keep the next `count` messages, then drop their connection without a reply to DATA (the
   * sender cannot know whether the message arrived: it must send it again).
   */
  dropAfterData: (count: number) => void;
  /** Answer RCPT TO for matching addresses with this reply (null: accept). */
  failRecipient: (match: ((address: string) => boolean) | null, fault?: SmtpFault) => void;
  close: () => Promise<void>;
}

function smtpError(fault: SmtpFault): Error {
  return Object.assign(new Error(fault.message), { responseCode: fault.code });
}

function toCapturedMail(session: SMTPServerSession, raw: Buffer, parsed: ParsedMail): CapturedMail {
  return {
    messageId: parsed.messageId,
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
    subject: parsed.subject,
    text: parsed.text,
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    headers: parsed.headers,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    raw: raw.toString('utf8'),
    receivedAt: new Date(),
  };
}

/**
 * The test command collects every captured mail for the CPR scan after the run: one line per
 * mail, its parts and attachments decoded (mailScanText), PDFs included.
 */
async function addToMailScan(mail: CapturedMail, file: string | undefined): Promise<void> {
  if (!file) return;
  // A mail the scan cannot decode is scanned as it came, rather than not at all.
  const line = await mailScanText(mail).catch(() => mail.raw.replace(/\r?\n/g, ' '));
  appendFileSync(file, line + '\n');
}

/** The received mails, and the tests waiting for a number of them. */
function mailbox() {
  const messages: CapturedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of [...waiters]) {
      if (messages.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const waitFor = (count: number, timeoutMs = 15_000) =>
    new Promise<CapturedMail[]>((resolve, reject) => {
      if (messages.length >= count) return resolve(messages);
      const timer = setTimeout(
        () =>
          reject(
            new Error(`expected ${count} mails, got ${messages.length} after ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(messages);
        },
      });
    });
  return { messages, notify, waitFor };
}

/** The replies a test asks for instead of acceptance. */
interface Faults {
  data: SmtpFault | null;
  dataDelayMs: number;
  dropsLeft: number;
  rcpt: { match: (a: string) => boolean; fault: SmtpFault } | null;
}

/** smtp-server keeps its connections in a set it does not type; each has the session's id. */
function dropConnection(server: SMTPServer, session: SMTPServerSession): void {
  const open = (
    server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
  ).connections;
  for (const c of open) if (c.id === session.id) c._socket.destroy();
}

function smtpServer(
  faults: Faults,
  keep: (session: SMTPServerSession, raw: Buffer) => Promise<void>,
) {
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    // close() waits for clients to hang up; pooled senders keep connections open, so cut them soon.
    closeTimeout: 500,
    onAuth(_auth, _session, cb) {
      cb(null, { user: 'dev' });
    },
    onRcptTo(address, _session, cb) {
      if (faults.rcpt && faults.rcpt.match(address.address))
        return cb(smtpError(faults.rcpt.fault));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (faults.data) return cb(smtpError(faults.data));
        const raw = Buffer.concat(chunks);
        if (faults.dropsLeft > 0) {
          faults.dropsLeft -= 1;
          void keep(session, raw).finally(() => dropConnection(server, session));
          return;
        }
        const accept = () =>
          keep(session, raw).then(
            () => cb(),
            (err: Error) => cb(err),
          );
        if (faults.dataDelayMs > 0) setTimeout(() => void accept(), faults.dataDelayMs);
        else void accept();
      });
    },
  });
  return server;
}

/** A real SMTP server on loopback that keeps what it receives, for tests and the dev mail page. */
export async function startSmtpCatcher(
  opts: {
    port?: number;
    onMail?: (m: CapturedMail) => void;
    /** Where each mail's text goes for the CPR scan (default: MAIL_SCAN_FILE of the test run). */
    scanFile?: string;
  } = {},
): Promise<SmtpCatcher> {
  const box = mailbox();
  const faults: Faults = { data: null, dataDelayMs: 0, dropsLeft: 0, rcpt: null };
  const server = smtpServer(faults, async (session, raw) => {
    const mail = toCapturedMail(session, raw, await simpleParser(raw));
    box.messages.push(mail);
    await addToMailScan(mail, opts.scanFile ?? process.env.MAIL_SCAN_FILE);
    opts.onMail?.(mail);
    box.notify();
  });

  const port = opts.port ?? (await freePort());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages: box.messages,
    waitFor: box.waitFor,
    clear: () => {
      box.messages.length = 0;
    },
    delayData: (ms) => {
      faults.dataDelayMs = ms;
    },
    dropAfterData: (count) => {
      faults.dropsLeft = count;
    },
    failData: (fault) => {
      faults.data = fault;
    },
    failRecipient: (match, fault = { code: 550, message: '5.1.1 Mailbox unavailable' }) => {
      faults.rcpt = match ? { match, fault } : null;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
