import fc from 'fast-check';

/**
 * NoSQL operator injection and prototype-pollution payloads, as raw JSON text (so `__proto__`
 * arrives as a real key, the way an attacker sends it).
 */
export const INJECTION_VALUES: string[] = [
  '{"$gt":""}',
  '{"$ne":null}',
  '{"$where":"sleep(100) || true"}',
  '{"$regex":".*"}',
  '{"$expr":{"$eq":[1,1]}}',
  '{"$in":["a","b"]}',
  '{"a.b":1}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '[{"$gt":""}]',
];

/** Extra keys smuggled next to valid fields. */
export const INJECTION_KEYS = ['$where', '$gt', 'a.b', '__proto__', 'constructor', '$expr'];

/** Strings a query parameter can carry to look like an operator. */
export const INJECTION_QUERY = [
  '[$ne]=1',
  '[$gt]=',
  '[$regex]=.*',
  '.$where=1',
  '[__proto__][x]=1',
  '[constructor][prototype][x]=1',
];

interface OpenApiDoc {
  paths?: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: {
          content?: Record<string, { schema?: { properties?: Record<string, unknown> } }>;
        };
      }
    >
  >;
}

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. `/deliveries/{id}`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
}

/** The operations a service documents: the fuzzers cover every route the OpenAPI lists. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const params = op.parameters ?? [];
      ops.push({
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: Object.keys(
          op.requestBody?.content?.['application/json']?.schema?.properties ?? {},
        ),
      });
    }
  }
  return ops;
}

export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));
}

/** Text that must never reach a client: stack frames, driver and ORM messages. */
export const LEAK_PATTERNS = [
  /\bat [\w.<>]+ \(/,
  /node_modules/,
  /Mongo\w*Error/,
  /E11000/,
  /Cast to \w+ failed/,
  /mongoose/i,
  /ValidationError:/,
  /\.ts:\d+/,
];

export function leaks(text: string): RegExp | undefined {
  return LEAK_PATTERNS.find((p) => p.test(text));
}

/** A generated request for one operation: random path params, query pairs and JSON body. */
export function requestArbitrary(op: Operation) {
  const key = fc.oneof(
    fc.constantFrom(...op.queryParams, ...op.bodyFields, ...INJECTION_KEYS),
    fc.string({ maxLength: 12 }),
  );
  return fc.record({
    pathValue: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('..', '%00', '$gt', '{}', 'a'.repeat(300)),
    ),
    query: fc.dictionary(
      key,
      fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '-1', '1e309', 'true', '[]')),
      { maxKeys: 4 },
    ),
    body: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
    ),
  });
}

/** Headers for all operations, or per operation (`"post /campaigns"`) when roles differ. */
export type AttackHeaders = Record<string, string> | ((op: string) => Record<string, string>);
const headersFor = (h: AttackHeaders, op: string) => (typeof h === 'function' ? h(op) : h);

export interface AttackFinding {
  op: string;
  request: string;
  status: number;
  problem: string;
}

async function send(
  baseUrl: string,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: string,
) {
  const res = await fetch(baseUrl + pathAndQuery, {
    method: method.toUpperCase(),
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/**
 * Sends the injection corpus into every body field, every query parameter and every path
 * parameter of every documented operation, on top of a valid example where one is given.
 * Expected: 400 for body and query (404 allowed for path params), never data, never 5xx.
 */
export async function injectionCorpus(opts: {
  baseUrl: string;
  doc: unknown;
  headers: AttackHeaders;
  /** `"post /letters"` → a valid body, so the injected field is the only thing wrong. */
  examples?: Record<string, Record<string, unknown>>;
  /** `"get /deliveries/{id}"` → a value for path params that exists. */
  pathValues?: Record<string, string>;
}): Promise<AttackFinding[]> {
  const findings: AttackFinding[] = [];
  for (const op of operationsOf(opts.doc as OpenApiDoc)) {
    const name = `${op.method} ${op.path}`;
    const path = fillPath(op.path, () => opts.pathValues?.[name] ?? 'x1');
    const base = opts.examples?.[name] ?? {};
    const hasBody = ['post', 'put', 'patch'].includes(op.method);
    const check = (desc: string, res: { status: number; text: string }, allowed: number[]) => {
      if (!allowed.includes(res.status))
        findings.push({
          op: name,
          request: desc,
          status: res.status,
          problem: `expected ${allowed.join('/')}`,
        });
      const leak = leaks(res.text);
      if (leak)
        findings.push({ op: name, request: desc, status: res.status, problem: `leaks ${leak}` });
    };
    if (hasBody) {
      for (const field of [...op.bodyFields, ...INJECTION_KEYS]) {
        for (const value of INJECTION_VALUES) {
          const json = JSON.stringify(base).replace(/}$/, '');
          const body = `${json}${json.length > 1 ? ',' : ''}${JSON.stringify(field)}:${value}}`;
          check(
            `body ${body}`,
            await send(opts.baseUrl, op.method, path, headersFor(opts.headers, name), body),
            [400],
          );
        }
      }
    }
    // A valid body (if any) beside the attacked query or path, so only that part is wrong.
    const sendWithBase = (url: string) =>
      send(
        opts.baseUrl,
        op.method,
        url,
        headersFor(opts.headers, name),
        hasBody ? JSON.stringify(base) : undefined,
      );
    for (const param of [...op.queryParams, 'filter', 'status']) {
      for (const q of INJECTION_QUERY) {
        const url = `${path}?${encodeURIComponent(param)}${q}`;
        check(`query ${url}`, await sendWithBase(url), [400]);
      }
    }
    for (const value of INJECTION_VALUES) {
      if (op.pathParams.length === 0) break;
      const url = fillPath(op.path, () => value);
      check(`path ${url}`, await sendWithBase(url), [400, 404]);
    }
  }
  return findings;
}

/**
 * Property-based fuzzing: `runs` generated requests per documented operation; none may answer
 * 5xx or leak stack traces or driver messages.
 */
export async function fuzzOperations(opts: {
  baseUrl: string;
  doc: unknown;
  headers: AttackHeaders;
  runs?: number;
  seed?: number;
  /** Operations fuzzed at once (default 4). */
  concurrency?: number;
}): Promise<AttackFinding[]> {
  const findings: AttackFinding[] = [];
  const fuzz = async (op: Operation) => {
    const name = `${op.method} ${op.path}`;
    const hasBody = ['post', 'put', 'patch'].includes(op.method);
    await fc.assert(
      fc.asyncProperty(requestArbitrary(op), async (r) => {
        const qs = new URLSearchParams(r.query).toString();
        const url = fillPath(op.path, () => r.pathValue) + (qs ? `?${qs}` : '');
        const res = await send(
          opts.baseUrl,
          op.method,
          url,
          headersFor(opts.headers, name),
          hasBody ? JSON.stringify(r.body) : undefined,
        );
        const leak = leaks(res.text);
        if (res.status >= 500 || leak) {
          findings.push({
            op: name,
            request: `${url} ${JSON.stringify(r.body).slice(0, 200)}`,
            status: res.status,
            problem: leak ? `leaks ${leak}` : '5xx',
          });
        }
        return true;
      }),
      { numRuns: opts.runs ?? 1000, seed: opts.seed },
    );
  };
  // A few operations at a time: the requests of one operation stay in order (fast-check runs
  // them one by one), while the service works on the others' meanwhile.
  const queue = [...operationsOf(opts.doc as OpenApiDoc)];
  const lane = async () => {
    for (let op = queue.shift(); op; op = queue.shift()) await fuzz(op);
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, lane));
  return findings;
}
