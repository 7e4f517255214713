import { inflateSync, constants as zlibConstants } from 'node:zlib';
import { simpleParser } from 'mailparser';

/**
 * The text of a mail the end-of-run CPR scan reads: subject, text and HTML parts and every
 * attachment, each decoded from its transfer encoding (base64, quoted-printable) by mailparser.
 * A PDF is read as the text its strings hold, an attached mail as its own parts, anything else
 * as UTF-8 text. One line per mail, so a hit names the mail.
 */
export async function mailScanText(mail: {
  subject?: string | undefined;
  text?: string | undefined;
  html?: string | false | undefined;
  attachments: { filename?: string | undefined; contentType: string; content: Buffer }[];
}): Promise<string> {
  const parts: string[] = [mail.subject ?? '', mail.text ?? '', mail.html || ''];
  for (const a of mail.attachments) {
    parts.push(a.filename ?? '');
    parts.push(await attachmentScanText(a.contentType, a.content));
  }
  return parts.join(' ').replace(/[\r\n]+/g, ' ');
}

/** The text of one attachment, decoded as the scan reads it. */
export async function attachmentScanText(contentType: string, content: Buffer): Promise<string> {
  const type = contentType.toLowerCase();
  if (type.includes('pdf') || content.subarray(0, 5).toString('latin1') === '%PDF-')
    return pdfScanText(content);
  if (type.startsWith('message/rfc822')) return mailScanText(await simpleParser(content));
  return content.toString('utf8');
}

/**
 * The text a PDF carries, for the CPR scan: its raw bytes cannot be scanned as they are, since
 * every cross-reference entry is a ten-digit offset (`0000000015 00000 n`) and pdfkit writes the
 * text of a page as hex strings split by kerning (`[<303130323033> 40 <2d31323334>] TJ`), in
 * FlateDecode streams. So: inflate the streams, drop the cross-reference table and put each
 * string's decoded text (a TJ array's strings joined) where the string stood. Streams of images,
 * fonts and cross-references are binary and left out.
 */
export function pdfScanText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const pieces: string[] = [];
  let body = '';
  let at = 0;
  const streamStart = /(?:>>|\s)stream\r?\n/g;
  for (let m = streamStart.exec(src); m; m = streamStart.exec(src)) {
    const dataStart = m.index + m[0].length;
    const dictStart = src.lastIndexOf(' obj', m.index);
    const dict = src.slice(dictStart < 0 ? at : dictStart, m.index);
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let dataEnd = length ? dataStart + Number(length[1]) : -1;
    if (dataEnd < 0 || !/^\s*endstream/.test(src.slice(dataEnd, dataEnd + 20)))
      dataEnd = src.indexOf('endstream', dataStart);
    if (dataEnd < 0) break;
    body += src.slice(at, m.index);
    const stream = streamText(dict, pdf.subarray(dataStart, dataEnd));
    if (stream !== undefined) pieces.push(stream);
    at = src.indexOf('endstream', dataEnd) + 'endstream'.length;
    streamStart.lastIndex = at;
  }
  body += src.slice(at);
  const withoutXref = body.replace(/\bxref\s+(?:\d+\s+\d+\s+(?:\d{10}\s+\d{5}\s+[nf]\s*)*)+/g, ' ');
  return [withoutXref, ...pieces].map((p) => withDecodedStrings(p)).join(' ');
}

/** A stream's bytes as text, inflated when FlateDecode; undefined for binary streams. */
function streamText(dict: string, data: Buffer): string | undefined {
  if (/\/Subtype\s*\/Image|\/Length1|\/Type\s*\/XRef|\/FontFile/.test(dict)) return undefined;
  const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1];
  if (!filter) return data.toString('latin1');
  const filters = filter.match(/\/\w+/g) ?? [];
  if (filters.length !== 1 || filters[0] !== '/FlateDecode') return undefined;
  try {
    return inflateSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('latin1');
  } catch {
    return data.toString('latin1');
  }
}

/** A PDF string's bytes as text: UTF-16BE or UTF-8 behind their byte-order mark, else latin1. */
function bytesToText(bytes: number[]): string {
  const buf = Buffer.from(bytes);
  if (buf[0] === 0xfe && buf[1] === 0xff) return buf.subarray(2).swap16().toString('utf16le');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return buf.subarray(3).toString('utf8');
  return buf.toString('latin1');
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };

/** A literal string `( … )` starting at `i`: its bytes and the index after it. */
function literalString(s: string, i: number): [number[], number] {
  const bytes: number[] = [];
  let depth = 1;
  let j = i + 1;
  while (j < s.length && depth > 0) {
    const c = s[j]!;
    if (c === '\\') {
      const next = s[j + 1] ?? '';
      const octal = /^[0-7]{1,3}/.exec(s.slice(j + 1, j + 4));
      if (octal) {
        bytes.push(parseInt(octal[0], 8) & 0xff);
        j += 1 + octal[0].length;
        continue;
      }
      if (next === '\r' || next === '\n') {
        j += s[j + 2] === '\n' && next === '\r' ? 3 : 2;
        continue;
      }
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      j += 2;
      continue;
    }
    if (c === '(') depth += 1;
    if (c === ')') depth -= 1;
    if (depth > 0) bytes.push(c.charCodeAt(0));
    j += 1;
  }
  return [bytes, j];
}

/** A hex string `< … >` starting at `i`: its bytes and the index after it. */
function hexString(s: string, i: number): [number[], number] {
  const end = s.indexOf('>', i);
  const stop = end < 0 ? s.length : end;
  let hex = s.slice(i + 1, stop).replace(/[^0-9a-fA-F]/g, '');
  if (hex.length % 2) hex += '0';
  return [[...Buffer.from(hex, 'hex')], stop + 1];
}

/**
 * `s` with each string object replaced by its text between spaces; an array holding strings
 * (a TJ array) becomes its strings joined, without the kerning numbers between them.
 */
function withDecodedStrings(s: string): string {
  return walk(s, 0, false).text;
}

function walk(
  s: string,
  from: number,
  inArray: boolean,
): { text: string; end: number; hasString: boolean } {
  const special = /[(<[\]]/g;
  let out = '';
  let strings = '';
  let hasString = false;
  let i = from;
  for (;;) {
    special.lastIndex = i;
    const m = special.exec(s);
    if (!m) {
      out += s.slice(i);
      return { text: hasString ? strings : out, end: s.length, hasString };
    }
    out += s.slice(i, m.index);
    const c = m[0];
    if (c === ']' && inArray)
      return { text: hasString ? strings : out, end: m.index + 1, hasString };
    if (c === ']') {
      out += c;
      i = m.index + 1;
      continue;
    }
    if (c === '<' && s[m.index + 1] === '<') {
      out += '<<';
      i = m.index + 2;
      continue;
    }
    if (c === '[') {
      const inner = walk(s, m.index + 1, true);
      if (inArray && inner.hasString) {
        strings += inner.text;
        hasString = true;
      } else out += inner.hasString ? ` ${inner.text} ` : `[${inner.text}]`;
      i = inner.end;
      continue;
    }
    const [bytes, end] = c === '(' ? literalString(s, m.index) : hexString(s, m.index);
    const text = bytesToText(bytes);
    if (inArray) {
      strings += text;
      hasString = true;
    } else out += ` ${text} `;
    i = end;
  }
}
