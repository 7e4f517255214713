import { connect } from 'node:net';
import fc from 'fast-check';
import { fillPath, operationsOf, type AttackFinding, type AttackHeaders } from './attacks';

/**
 * Hostile input a security review asks about by name, beyond the fuzzers of attacks.ts: path ids
 * that are not UTF-8, bodies nested 10,000 deep or just over the body limit, writes without a
 * Content-Type, prototype-poisoned bodies, and control characters meant to forge log lines.
 */

const headersFor = (h: AttackHeaders, op: string) => (typeof h === 'function' ? h(op) : h);
const BODY_METHODS = ['post', 'put', 'patch'];

/** Percent-encoding of bytes that are not UTF-8 (Latin-1 "æø"): express cannot decode them. */
export const UNDECODABLE = '%E6%F8';

interface Answer {
  status: number;
  type: string;
  text: string;
  ms: number;
}

async function send(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(url, { ...init, method: init.method.toUpperCase() });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text,
    ms: Date.now() - started,
  };
}

const fieldsOf = (text: string): string[] => {
  try {
    return ((JSON.parse(text) as { errors?: { field: string }[] }).errors ?? []).map(
      (e) => e.field,
    );
  } catch {
    return [];
  }
};

/**
 * Every documented operation with a path parameter, each parameter in turn sent as bytes that
 * are not UTF-8: expected 400 problem+json naming `params.<name>`, never 5xx.
 */
export async function undecodablePathFindings(opts: {
  baseUrl: string;
  doc: unknown;
  headers: AttackHeaders;
}): Promise<AttackFinding[]> {
  const findings: AttackFinding[] = [];
  for (const op of operationsOf(opts.doc as Parameters<typeof operationsOf>[0])) {
    const name = `${op.method} ${op.path}`;
    for (const param of op.pathParams) {
      const path = fillPath(op.path, (n) => (n === param ? '\u0000' : 'x1')).replace(
        '%00',
        UNDECODABLE,
      );
      const res = await send(opts.baseUrl + path, {
        method: op.method,
        headers: {
          ...headersFor(opts.headers, name),
          ...(BODY_METHODS.includes(op.method) ? { 'content-type': 'application/json' } : {}),
        },
        ...(BODY_METHODS.includes(op.method) ? { body: '{}' } : {}),
      });
      const problems: string[] = [];
      if (res.status !== 400) problems.push(`status ${res.status}, expected 400`);
      if (!res.type.startsWith('application/problem+json')) problems.push(`type ${res.type}`);
      if (!fieldsOf(res.text).includes(`params.${param}`))
        problems.push(`does not name params.${param}`);
      if (problems.length)
        findings.push({
          op: name,
          request: path,
          status: res.status,
          problem: problems.join('; '),
        });
    }
  }
  return findings;
}

/** `{"a":{"a":…}}` nested `depth` deep, as JSON text. */
export const deeplyNested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A JSON object of exactly `bytes` bytes: `{"padding":"xxx…"}`. */
export function jsonOfSize(bytes: number): string {
  const shell = '{"padding":""}';
  return `{"padding":"${'x'.repeat(Math.max(0, bytes - shell.length))}"}`;
}

/** "100kb" / "8mb" / 1024 → bytes, as body-parser counts them. */
export function limitInBytes(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!m) throw new Error(`not a body limit: ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}

/**
 * One write operation against the parser: JSON nested 10,000 deep → 400, a body one byte over
 * the service's limit → 413 (and one exactly at the limit is not 413, so the limit tested is
 * the real one), each within `withinMs`; a body without Content-Type → 415 problem+json.
 */
export async function bodyParserFindings(opts: {
  baseUrl: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  limit: string | number;
  withinMs?: number;
}): Promise<AttackFinding[]> {
  const within = opts.withinMs ?? 1000;
  const limit = limitInBytes(opts.limit);
  const op = `${opts.method} ${opts.path}`;
  const json = { ...opts.headers, 'content-type': 'application/json' };
  const cases: { desc: string; headers: Record<string, string>; body: string; want: number[] }[] = [
    { desc: 'nested 10,000 deep', headers: json, body: deeplyNested(10_000), want: [400] },
    { desc: `${limit + 1} bytes`, headers: json, body: jsonOfSize(limit + 1), want: [413] },
    { desc: `${limit} bytes`, headers: json, body: jsonOfSize(limit), want: [400] },
    { desc: 'no Content-Type', headers: opts.headers, body: '{"a":1}', want: [415] },
  ];
  const findings: AttackFinding[] = [];
  for (const c of cases) {
    const res = await send(opts.baseUrl + opts.path, {
      method: opts.method,
      headers: c.headers,
      body: c.body,
    });
    const problems: string[] = [];
    if (!c.want.includes(res.status))
      problems.push(`status ${res.status}, expected ${c.want.join('/')}`);
    if (!res.type.startsWith('application/problem+json')) problems.push(`type ${res.type}`);
    if (res.ms > within) problems.push(`took ${res.ms} ms`);
    if (problems.length)
      findings.push({ op, request: c.desc, status: res.status, problem: problems.join('; ') });
  }
  return findings;
}

const POISON_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/**
 * JSON text of objects that try to reach a prototype: `__proto__`, `constructor.prototype` and
 * `prototype` keys at any depth, mixed with a valid body's fields. As text, so `__proto__`
 * arrives as a real key (an object literal would set the prototype instead).
 */
export function poisonedBodyArbitrary(valid: Record<string, unknown> = {}) {
  const marker = fc.constantFrom('polluted', 'isAdmin', 'role', 'toString', 'status');
  const poison: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      marker.map((m) => `{${JSON.stringify(m)}:true}`),
      fc
        .tuple(fc.constantFrom(...POISON_KEYS), tie('node'))
        .map(([k, v]) => `{${JSON.stringify(k)}:${v}}`),
      fc
        .tuple(fc.string({ maxLength: 6 }), tie('node'))
        .map(([k, v]) => `{${JSON.stringify(k)}:${v}}`),
      tie('node').map((v) => `[${v}]`),
    ),
  })).node;
  const validFields = Object.entries(valid).map(
    ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
  );
  return fc
    .tuple(
      fc.subarray(validFields),
      fc.array(fc.tuple(fc.constantFrom(...POISON_KEYS, ...Object.keys(valid)), poison), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([fields, poisons]) => {
      const extra = poisons.map(([k, v]) => `${JSON.stringify(k)}:${v}`);
      return `{${[...fields, ...extra].join(',')}}`;
    });
}

/** What a polluted prototype would change: own names of the built-in prototypes, and a probe. */
export function prototypeSnapshot(): string {
  const probe = {} as Record<string, unknown>;
  return JSON.stringify({
    object: Object.getOwnPropertyNames(Object.prototype).sort(),
    array: Object.getOwnPropertyNames(Array.prototype).sort(),
    function: Object.getOwnPropertyNames(Function.prototype).sort(),
    string: Object.getOwnPropertyNames(String.prototype).sort(),
    probe: ['polluted', 'isAdmin', 'role', 'status'].map((k) => typeof probe[k]),
    toString: typeof probe.toString,
  });
}

/**
 * `runs` poisoned bodies spread over the given write operations (the service runs in this
 * process, so a polluted prototype is visible here): none may answer 5xx or 2xx, and the
 * built-in prototypes must be what they were.
 */
export async function prototypePollutionFindings(opts: {
  baseUrl: string;
  operations: { method: string; path: string; valid?: Record<string, unknown> }[];
  headers: AttackHeaders;
  runs?: number;
  seed?: number;
}): Promise<AttackFinding[]> {
  const before = prototypeSnapshot();
  const findings: AttackFinding[] = [];
  const perOp = Math.ceil((opts.runs ?? 1000) / opts.operations.length);
  for (const o of opts.operations) {
    const name = `${o.method} ${o.path}`;
    const bodies = fc.sample(poisonedBodyArbitrary(o.valid), { numRuns: perOp, seed: opts.seed });
    // A few at a time: the service works on several poisoned bodies at once, as under attack.
    for (let i = 0; i < bodies.length; i += 8) {
      await Promise.all(
        bodies.slice(i, i + 8).map(async (body) => {
          const res = await send(opts.baseUrl + o.path, {
            method: o.method,
            headers: { ...headersFor(opts.headers, name), 'content-type': 'application/json' },
            body,
          });
          if (res.status >= 500 || res.status < 400)
            findings.push({
              op: name,
              request: body.slice(0, 200),
              status: res.status,
              problem: 'poisoned body not refused',
            });
        }),
      );
    }
  }
  const after = prototypeSnapshot();
  if (after !== before)
    findings.push({
      op: '(process)',
      request: '',
      status: 0,
      problem: `prototypes changed: ${after}`,
    });
  return findings;
}

/** Carriage return, line feed, an ANSI colour and cursor-up escape, a NUL and a forged line. */
export const LOG_FORGERY = 'x\r\n{"level":50,"msg":"forged"}\u001b[31m\u001b[1A\u0000\u2028end';

/** A raw HTTP/1.1 request over TCP: header values no HTTP client would send. */
export function rawRequest(baseUrl: string, head: string, body = ''): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(
      `${head}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}

/**
 * Sends LOG_FORGERY in every place a request can carry text: the path, the query and each body
 * field of each documented operation, and header values (raw, over TCP: its printable part, as
 * the HTTP parser refuses control characters in a header). Returns how many requests reached the
 * service and what went wrong at the door: a header value holding CR or ESC must be refused by
 * the HTTP parser (400) before any code could log it. Then read the log with `logLineFindings`.
 */
export async function sendLogForgeries(opts: {
  baseUrl: string;
  doc: unknown;
  headers: AttackHeaders;
}): Promise<{ sent: number; findings: string[] }> {
  const esc = encodeURIComponent(LOG_FORGERY);
  // eslint-disable-next-line no-control-regex
  const printable = LOG_FORGERY.replace(/[\u0000-\u001f\u2028]/g, '');
  let sent = 0;
  for (const op of operationsOf(opts.doc as Parameters<typeof operationsOf>[0])) {
    const name = `${op.method} ${op.path}`;
    const auth = headersFor(opts.headers, name);
    const query = [...op.queryParams, 'q'].map((p) => `${encodeURIComponent(p)}=${esc}`).join('&');
    const body = BODY_METHODS.includes(op.method)
      ? JSON.stringify(
          Object.fromEntries([...op.bodyFields, LOG_FORGERY].map((f) => [f, LOG_FORGERY])),
        )
      : undefined;
    await send(`${opts.baseUrl}${fillPath(op.path, () => LOG_FORGERY)}?${query}`, {
      method: op.method,
      headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    const head = [
      `${op.method.toUpperCase()} ${fillPath(op.path, () => 'x1')}?q=${esc} HTTP/1.1`,
      'Host: 127.0.0.1',
      ...Object.entries(auth).map(([k, v]) => `${k}: ${v}`),
      ...['User-Agent', 'X-Request-Id', 'Referer', 'X-Forwarded-For', 'X-Organisation-Id'].map(
        (h) => `${h}: ${printable}`,
      ),
      ...(body ? ['Content-Type: application/json'] : []),
    ];
    await rawRequest(opts.baseUrl, head.join('\r\n'), body);
    sent += 2;
  }
  const findings: string[] = [];
  for (const value of ['a\rb', 'a\u001b[2Jb', 'a\u0000b']) {
    const answer = await rawRequest(
      opts.baseUrl,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: ${value}`,
    );
    if (!answer.startsWith('HTTP/1.1 400'))
      findings.push(`header ${JSON.stringify(value)}: ${answer.split('\r\n')[0]}`);
  }
  return { sent, findings };
}

/**
 * The log, as written: every line one JSON object, no raw CR, ESC, NUL or forged line in it
 * (JSON escapes them), and no line that is the forgery's `"msg":"forged"` at the top level.
 */
export function logLineFindings(text: string): string[] {
  const findings: string[] = [];
  const lines = text.split('\n').filter((l) => l.length > 0);
  for (const [i, line] of lines.entries()) {
    // eslint-disable-next-line no-control-regex
    const raw = /[\r\u001b\u0000]/.exec(line);
    if (raw) findings.push(`line ${i + 1}: raw ${JSON.stringify(raw[0])}`);
    try {
      const parsed = JSON.parse(line) as { msg?: unknown };
      if (parsed.msg === 'forged') findings.push(`line ${i + 1}: a forged line`);
    } catch {
      findings.push(`line ${i + 1}: not JSON: ${line.slice(0, 80)}`);
    }
  }
  return findings;
}
