import fc from 'fast-check';
import { fillPath, INJECTION_KEYS, INJECTION_VALUES, leaks, type AttackFinding } from './attacks';

/** A signed-in browser: its cookie header and the CSRF token its forms carry. */
export interface PageSession {
  cookie: string;
  csrf: string;
}

/** The `name` of every form control in a page: what the fuzzer sends besides random keys. */
export function formFieldNames(html: string): string[] {
  return [...new Set([...html.matchAll(/\bname="([^"]{1,60})"/g)].map((m) => m[1]!))].filter(
    (n) => n !== '_csrf',
  );
}

/** Markup a page must never echo unescaped. */
const PROBE = '<script>alert(1)</script>';

const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...INJECTION_VALUES,
      '',
      '-1',
      '0',
      '1e309',
      'NaN',
      '2026-02-30',
      '9'.repeat(400),
      '1.234.567,89',
      PROBE,
    ),
  },
);

/** The generated requests of one route: path values, query and body pairs, the CSRF token or not. */
function routeRequests(
  path: string,
  opts: { pathValues?: Record<string, string[]>; fieldNames?: string[] },
) {
  const names = [...new Set([...(opts.fieldNames ?? []), ...INJECTION_KEYS])];
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `${n}[$gt]`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const pairs = (max: number) => fc.array(fc.tuple(key, value), { maxLength: max });
  const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pathValue = (param: string) =>
    fc.oneof(
      ...(opts.pathValues?.[param]?.length
        ? [{ weight: 3, arbitrary: fc.constantFrom(...opts.pathValues[param]) }]
        : []),
      { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constantFrom('..', '%00', '$gt', '{}', 'a'.repeat(300)) },
    );
  const request = fc.record({
    path: fc.tuple(...params.map(pathValue)),
    query: pairs(4),
    body: pairs(8),
    withCsrf: fc.integer({ min: 0, max: 9 }).map((n) => n > 0), // 9 in 10 with the token
  });
  return { params, request };
}

/**
 * Property-based fuzzing of server-rendered pages and their form posts: `runs` generated requests
 * per route (path values, repeated query keys, URL-encoded bodies with the session's CSRF token so
 * posts reach their handlers). None may answer 5xx, leak internals, or echo markup unescaped.
 */
export async function fuzzPages(opts: {
  baseUrl: string;
  /** Routes named like OpenAPI operations: `"post /bestillinger/{id}/soeg"`. */
  routes: string[];
  session: (route: string) => PageSession;
  /** Existing ids per path parameter, so many requests get past the look-up. */
  pathValues?: Record<string, string[]>;
  /** Form field names to use as keys (see `formFieldNames`). */
  fieldNames?: string[];
  runs?: number;
  seed?: number;
  /** Routes fuzzed at once (default 4). */
  concurrency?: number;
}): Promise<AttackFinding[]> {
  const findings: AttackFinding[] = [];
  const fuzz = async (route: string) => {
    const [method, path] = route.split(' ') as [string, string];
    const { params, request } = routeRequests(path, opts);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const values = Object.fromEntries(params.map((p, i) => [p, r.path[i] ?? '']));
        const qs = new URLSearchParams(r.query).toString();
        const url = fillPath(path, (name) => values[name] ?? '') + (qs ? `?${qs}` : '');
        const session = opts.session(route);
        const body =
          method === 'post'
            ? new URLSearchParams([
                ...r.body,
                ...(r.withCsrf ? [['_csrf', session.csrf] as [string, string]] : []),
              ])
            : undefined;
        const res = await fetch(opts.baseUrl + url, {
          method: method.toUpperCase(),
          redirect: 'manual',
          headers: { cookie: session.cookie },
          body,
        });
        const text = await res.text();
        const leak = leaks(text);
        const problem =
          res.status >= 500
            ? '5xx'
            : leak
              ? `leaks ${leak}`
              : text.includes(PROBE)
                ? 'echoes markup unescaped'
                : undefined;
        if (problem)
          findings.push({
            op: route,
            request: `${url} ${body?.toString().slice(0, 200) ?? ''}`,
            status: res.status,
            problem,
          });
        return true;
      }),
      { numRuns: opts.runs ?? 1000, seed: opts.seed },
    );
  };
  // A few routes at a time: one route's requests stay in order, the service serves the others'
  // meanwhile (the same as fuzzOperations).
  const queue = [...opts.routes];
  const lane = async () => {
    for (let route = queue.shift(); route; route = queue.shift()) await fuzz(route);
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, lane));
  return findings;
}
