import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { cprLinesInFile, pdfScanText, startSmtpCatcher, type SmtpCatcher } from '../src';

// The number is only ever in this test's own scan file, never in the test run's MAIL_SCAN_FILE.
const CPR_SHAPED = '010203-1234';

/**
 * A PDF as pdfkit writes one: a FlateDecode page stream whose text is hex strings split by
 * kerning in a TJ array, a UTF-16BE title and a cross-reference table of ten-digit offsets.
 */
function pdf(pageText: string, title: string): Buffer {
  const hex = (t: string) => Buffer.from(t, 'latin1').toString('hex');
  const cut = Math.floor(pageText.length / 2);
  const content = deflateSync(
    `BT\n1 0 0 1 72 711.384 Tm\n/F1 12 Tf\n[<${hex(pageText.slice(0, cut))}> 40 <${hex(pageText.slice(cut))}> 0] TJ\nET\n`,
  );
  const utf16Title = Buffer.concat([
    Buffer.from([0xfe, 0xff]),
    Buffer.from(title, 'utf16le').swap16(),
  ]);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n${content.toString('latin1')}\nendstream`,
    `(${utf16Title.toString('latin1')})`,
  ];
  let out = '%PDF-1.3\n%\xff\xff\xff\xff\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info << /Title 5 0 R >> >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Quoted-printable with a soft line break inside `text`'s middle, as a long line gets one. */
function quotedPrintable(text: string): string {
  const cut = Math.floor(text.length / 2);
  return `${text.slice(0, cut)}=\r\n${text.slice(cut)}`;
}

function mime(
  parts: { type: string; encoding: string; body: string; filename?: string }[],
): string {
  const b = 'scan-boundary';
  const body = parts
    .map(
      (p) =>
        `--${b}\r\nContent-Type: ${p.type}\r\nContent-Transfer-Encoding: ${p.encoding}\r\n` +
        (p.filename ? `Content-Disposition: attachment; filename="${p.filename}"\r\n` : '') +
        `\r\n${p.body}\r\n`,
    )
    .join('');
  return (
    `From: afsender@example.dk\r\nTo: modtager@example.dk\r\nSubject: Brev\r\n` +
    `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n${body}--${b}--\r\n`
  );
}

const base64 = (buf: Buffer) => buf.toString('base64').replace(/.{76}/g, '$&\r\n');

/** Sends one raw message to the catcher over SMTP, the way any client would. */
async function sendRaw(port: number, message: string): Promise<void> {
  const sock = net.connect({ port, host: '127.0.0.1' });
  let buffered = '';
  const reply = () =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(buffered);
        if (!m) return;
        sock.off('data', onData);
        const line = buffered;
        buffered = '';
        if (Number(m[1]) >= 400) reject(new Error(line));
        else resolve(line);
      };
      const onData = (d: Buffer) => {
        buffered += d.toString();
        check();
      };
      sock.on('data', onData);
      check();
    });
  await reply();
  for (const cmd of [
    'EHLO test',
    'MAIL FROM:<afsender@example.dk>',
    'RCPT TO:<modtager@example.dk>',
    'DATA',
  ]) {
    sock.write(`${cmd}\r\n`);
    await reply();
  }
  sock.write(`${message.replace(/^\./gm, '..')}\r\n.\r\n`);
  await reply();
  sock.end('QUIT\r\n');
}

describe('the CPR scan of captured mails', () => {
  let smtp: SmtpCatcher;
  let dir: string;
  let scanFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mail-scan-test-'));
    scanFile = path.join(dir, 'mails.txt');
    smtp = await startSmtpCatcher({ scanFile });
  });
  afterAll(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    writeFileSync(scanFile, '');
    smtp.clear();
  });

  it('When a compressed PDF attachment (base64) holds a CPR-shaped value, then the scan finds that mail, and the same mail without it is clean', async () => {
    const clean = pdf('Takststigning for Greve Kommune 2026 på 5,01 %', 'Indberetning – 2026');
    const leaking = pdf(`Borger ${CPR_SHAPED} i Greve`, 'Indberetning – 2026');
    // The number is in no byte of the raw mail: only decoding base64, inflating and reading
    // the hex strings finds it.
    expect(leaking.toString('latin1')).not.toContain(CPR_SHAPED);
    for (const file of [clean, leaking])
      await sendRaw(
        smtp.port,
        mime([
          { type: 'text/plain; charset=utf-8', encoding: '7bit', body: 'Se vedhæftede skema.' },
          {
            type: 'application/pdf',
            encoding: 'base64',
            body: base64(file),
            filename: 'skema.pdf',
          },
        ]),
      );
    await smtp.waitFor(2);

    expect(readFileSync(scanFile, 'utf8').split('\n').length - 1).toBe(2);
    expect(cprLinesInFile(scanFile)).toEqual([2]);
  });

  it('When the value sits in a PDF title (UTF-16), a CSV attachment or a quoted-printable text part, then the scan finds each mail', async () => {
    const csv = Buffer.from(`kommune;borger\nGreve;${CPR_SHAPED}\n`);
    await sendRaw(
      smtp.port,
      mime([
        {
          type: 'application/pdf',
          encoding: 'base64',
          body: base64(pdf('Skema', `Sag ${CPR_SHAPED}`)),
          filename: 'a.pdf',
        },
      ]),
    );
    await sendRaw(
      smtp.port,
      mime([{ type: 'text/csv', encoding: 'base64', body: base64(csv), filename: 'liste.csv' }]),
    );
    await sendRaw(
      smtp.port,
      mime([
        {
          type: 'text/plain; charset=utf-8',
          encoding: 'quoted-printable',
          body: quotedPrintable(`Borger ${CPR_SHAPED}`),
        },
      ]),
    );
    await sendRaw(
      smtp.port,
      mime([
        {
          type: 'text/plain; charset=utf-8',
          encoding: 'quoted-printable',
          body: quotedPrintable('Borger uden nummer'),
        },
        {
          type: 'text/csv',
          encoding: 'base64',
          body: base64(Buffer.from('kommune;stigning\nGreve;5,01\n')),
          filename: 'b.csv',
        },
      ]),
    );
    await smtp.waitFor(4);

    expect(cprLinesInFile(scanFile)).toEqual([1, 2, 3]);
  });

  it("When a PDF's cross-reference table holds ten-digit offsets, then pdfScanText leaves them out (no false hit)", () => {
    const file = pdf('Intet nummer her', 'Titel');
    expect(file.toString('latin1')).toMatch(/\d{10} 00000 n/);
    expect(pdfScanText(file)).not.toMatch(/\d{10}/);
    expect(pdfScanText(file)).toContain('Intet nummer her');
    expect(pdfScanText(file)).toContain('Titel');
  });
});
