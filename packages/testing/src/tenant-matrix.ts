import { randomBytes } from 'node:crypto';
import { fillPath, operationsOf, type Operation } from './attacks';

/**
 * The cross-tenant matrix: every operation with an id in its path is either a case (the owner's
 * record, who owns it, who must be refused) or an exemption with a written reason. A route added
 * without either fails the run by name, so tenant isolation is tested for every id, not only for
 * the features someone remembered.
 */

/** Someone calling the service: their credentials, and what their forms always carry. */
export interface Party {
  headers: Record<string, string>;
  /** Fields this party adds to every form it posts, e.g. its own CSRF token. */
  formFields?: Record<string, string>;
}

/** How an owner reads the record: the positive control, and the before/after of a write. */
export interface View {
  party: Party;
  path: string;
  /** The text of a binary answer (a PDF), so the canaries can be looked for in it. */
  text?: (bytes: Buffer) => Promise<string>;
}

export interface Attempt {
  party: Party;
  /** Path values; the case's own when not given. */
  params?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
}

export interface TenantCase {
  /** Path values naming the owner's record. */
  params: Record<string, string>;
  /** A valid JSON body, so that a refusal is about the tenant and not about validation. */
  json?: unknown;
  /** A valid form body (server-rendered pages); each party adds its own `formFields`. */
  form?: Record<string, string>;
  /** Those whose record it is, each with the view they read it through; every view holds every canary. */
  owners: Record<string, View>;
  /** Unique markers planted in the record (see `canary`). */
  canaries: string[];
  /** Who must be refused, 403 or 404, with none of the canaries in body or headers. */
  intruders: Record<string, Party>;
  /**
   * Others who may call the route on this record by design (say why): they may get one of
   * `status`, but still none of the canaries. They run after the owners' views were compared.
   */
  byDesign?: Record<string, Attempt & { status: number[]; why: string }>;
}

/** A route with an id that is not tenant data, and why. */
export interface Exemption {
  exempt: string;
}

/** Cases are built lazily, once the records they name exist (after `beforeAll`). */
export type TenantMatrix = Record<string, Exemption | (() => TenantCase)>;

/** A list (no id): the owners' answers hold every canary, the intruders' answers none. */
export interface ListCase {
  method?: 'get' | 'post';
  path: string;
  json?: unknown;
  owners: Record<string, Party>;
  intruders: Record<string, Party>;
  canaries: string[];
}

const LETTERS = 'abcdefghijkmnopqrstuvwxyz';

/**
 * A marker nobody else's record can hold by chance: `label_` and random letters. No digits, so it
 * passes pseudonym and text rules and never looks like a CPR number to the scrubbers; no hyphen
 * or space, so a PDF's line breaking does not split it.
 */
export function canary(label: string): string {
  let s = '';
  for (const b of randomBytes(16)) s += LETTERS[b % LETTERS.length];
  return `${label}_${s}`;
}

/** `"get /api/orders/{id}"`: how operations and routes are named in a matrix. */
export const operationKey = (method: string, path: string) => `${method.toLowerCase()} ${path}`;

/** Every documented operation that has a path parameter. */
export function idOperations(doc: unknown): Operation[] {
  return operationsOf(doc as Parameters<typeof operationsOf>[0]).filter(
    (op) => op.pathParams.length > 0,
  );
}

/**
 * What a matrix is missing (`unclassified`), what it names that no longer exists (`unknown`), and
 * exemptions without a reason a reader could check (`unexplained`).
 */
export function classification(keys: string[], matrix: TenantMatrix) {
  return {
    unclassified: keys.filter((k) => !(k in matrix)).sort(),
    unknown: Object.keys(matrix)
      .filter((k) => !keys.includes(k))
      .sort(),
    unexplained: Object.entries(matrix)
      .filter(([, e]) => typeof e !== 'function' && e.exempt.trim().length < 20)
      .map(([k]) => k)
      .sort(),
  };
}

interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: unknown };
  slash?: boolean;
  rawPath?: unknown;
}

/**
 * The routes of an express 5 app (`app.router.stack`, nested routers included), named like
 * OpenAPI operations: `"post /bestillinger/{id}/soeg"`.
 */
export function expressRoutes(app: { router: { stack: readonly unknown[] } }): string[] {
  const walk = (stack: readonly unknown[], prefix: string): string[] =>
    (stack as RouterLayer[]).flatMap((layer) => {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        return paths.flatMap((p) =>
          Object.keys(layer.route!.methods)
            .filter((m) => layer.route!.methods[m])
            .map((m) =>
              operationKey(m, `${prefix}${String(p)}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}')),
            ),
        );
      }
      const nested = layer.handle?.stack;
      if (!Array.isArray(nested)) return [];
      if (!layer.slash && typeof layer.rawPath !== 'string')
        throw new Error('expressRoutes: a router mounted on a pattern cannot be enumerated');
      return walk(nested, layer.slash ? prefix : `${prefix}${String(layer.rawPath)}`);
    });
  return [...new Set(walk(app.router.stack, ''))];
}

interface Answer {
  status: number;
  headers: string;
  bytes: Buffer;
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  party: Party,
  body: { json?: unknown; form?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...party.headers };
  let payload: string | undefined;
  if (body.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams({ ...body.form, ...party.formFields }).toString();
  } else if (body.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  }
  // A redirect is an answer of its own: where it points may leak as much as a page.
  const res = await fetch(baseUrl + path, {
    method: method.toUpperCase(),
    headers,
    body: payload,
    redirect: 'manual',
  });
  return {
    status: res.status,
    headers: [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

const textOf = async (a: Answer, view?: Pick<View, 'text'>) =>
  view?.text && a.status < 300 ? view.text(a.bytes) : a.bytes.toString('utf8');

/** The canaries an answer gives away, in its headers or its body (a 2xx read like `view` reads). */
async function exposed(a: Answer, canaries: string[], view?: Pick<View, 'text'>) {
  const text = `${a.headers}\n${await textOf(a, view)}`;
  return canaries.filter((c) => text.includes(c));
}

/** Reads every owner's view; findings when one is not 2xx or lacks a canary. */
async function readViews(
  baseUrl: string,
  label: string,
  c: Pick<TenantCase, 'owners' | 'canaries'>,
  findings: string[],
): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  for (const [who, view] of Object.entries(c.owners)) {
    const a = await call(baseUrl, 'get', view.path, view.party);
    const text = await textOf(a, view);
    seen[who] = text;
    if (a.status < 200 || a.status >= 300)
      findings.push(`${label}: owner ${who} reading ${view.path} got ${a.status}`);
    const missing = c.canaries.filter((k) => !text.includes(k));
    if (missing.length)
      findings.push(
        `${label}: owner ${who}'s view lacks ${missing.join(', ')} (no positive control)`,
      );
  }
  return seen;
}

/**
 * Runs one case: the owners' views (positive control), every intruder (403/404, no canary in body
 * or headers, never 5xx), the owners' views again (a write must have changed nothing), then the
 * by-design callers. Returns the findings as sentences; none means the case holds.
 */
export async function checkCase(baseUrl: string, key: string, c: TenantCase): Promise<string[]> {
  const [method = 'get', pathPattern = ''] = key.split(' ');
  const findings: string[] = [];
  if (Object.keys(c.owners).length === 0) findings.push(`${key}: a case needs an owner`);
  if (c.canaries.length === 0) findings.push(`${key}: a case needs canaries`);
  const before = await readViews(baseUrl, key, c, findings);
  // An answer that should have been refused is read the way the owners read theirs (a PDF).
  const binary = Object.values(c.owners).find((v) => v.text);
  const attempt = async (who: string, a: Attempt, allowed: number[]) => {
    const path = fillPath(pathPattern, (name) => {
      const v = (a.params ?? c.params)[name];
      if (v === undefined) throw new Error(`${key}: no value for path parameter ${name}`);
      return v;
    });
    const answer = await call(baseUrl, method, path, a.party, {
      json: a.json ?? c.json,
      form: a.form ?? c.form,
    });
    if (!allowed.includes(answer.status))
      findings.push(`${key}: ${who} got ${answer.status}, expected ${allowed.join(' or ')}`);
    const leaked = await exposed(answer, c.canaries, binary);
    if (leaked.length) findings.push(`${key}: ${who} was given ${leaked.join(', ')}`);
  };
  for (const [who, party] of Object.entries(c.intruders)) await attempt(who, { party }, [403, 404]);
  if (method !== 'get') {
    const after = await readViews(baseUrl, key, c, []);
    for (const who of Object.keys(c.owners))
      if (after[who] !== before[who])
        findings.push(`${key}: owner ${who}'s record changed after the intruders' attempts`);
  }
  for (const [who, d] of Object.entries(c.byDesign ?? {})) await attempt(who, d, d.status);
  return findings;
}

/** Runs a list case; findings as sentences, none when it holds. */
export async function checkList(baseUrl: string, l: ListCase): Promise<string[]> {
  const label = operationKey(l.method ?? 'get', l.path);
  const findings: string[] = [];
  const run = (party: Party) => call(baseUrl, l.method ?? 'get', l.path, party, { json: l.json });
  for (const [who, party] of Object.entries(l.owners)) {
    const a = await run(party);
    if (a.status < 200 || a.status >= 300) findings.push(`${label}: owner ${who} got ${a.status}`);
    const missing = l.canaries.filter((k) => !a.bytes.toString('utf8').includes(k));
    if (missing.length) findings.push(`${label}: owner ${who}'s list lacks ${missing.join(', ')}`);
  }
  for (const [who, party] of Object.entries(l.intruders)) {
    const a = await run(party);
    if (a.status >= 500) findings.push(`${label}: ${who} got ${a.status}`);
    const leaked = await exposed(a, l.canaries);
    if (leaked.length) findings.push(`${label}: ${who} was given ${leaked.join(', ')}`);
  }
  return findings;
}

/** The cases of a matrix (exemptions left out), for `it.each`. */
export const matrixCases = (matrix: TenantMatrix) =>
  Object.entries(matrix)
    .filter((e): e is [string, () => TenantCase] => typeof e[1] === 'function')
    .map(([key]) => key);

/** Builds and runs the case of `key`. */
export function checkMatrixCase(baseUrl: string, matrix: TenantMatrix, key: string) {
  const entry = matrix[key];
  if (typeof entry !== 'function') throw new Error(`${key} is not a case of the matrix`);
  return checkCase(baseUrl, key, entry());
}

/** `names` of a set of parties, e.g. the intruders of a case. */
export const partiesOf = <K extends string>(set: Record<K, Party>, ...names: K[]) =>
  Object.fromEntries(names.map((n) => [n, set[n]])) as Record<string, Party>;

/** The same view of `path` for each of `names`. */
export const viewsOf = <K extends string>(set: Record<K, Party>, path: string, ...names: K[]) =>
  Object.fromEntries(names.map((n) => [n, { party: set[n], path }])) as Record<string, View>;

/** The documented operations with a path parameter, by key. */
export async function openApiIdRoutes(baseUrl: string): Promise<string[]> {
  const doc: unknown = await (await fetch(`${baseUrl}/openapi.json`)).json();
  return idOperations(doc).map((op) => operationKey(op.method, op.path));
}

/**
 * The matrix as jest tests, in the current `describe`: one that every route with an id is
 * classified, one per case, one per list.
 */
export function tenantMatrixTests(opts: {
  baseUrl: () => string;
  /** Every route with an id the service has (`openApiIdRoutes`, `expressRoutes`). */
  idRoutes: () => Promise<string[]>;
  matrix: TenantMatrix;
  lists?: Record<string, () => ListCase>;
}): void {
  it('When the service lists its routes, then every one with an id is classified: a case or an exemption with its reason', async () => {
    expect(classification(await opts.idRoutes(), opts.matrix)).toEqual({
      unclassified: [],
      unknown: [],
      unexplained: [],
    });
  });
  it.each(matrixCases(opts.matrix))(
    "When anyone but the owners calls %s on the owners' record, then 403 or 404 with zero bytes of it, and the owners' view is unchanged",
    async (key) => {
      expect(await checkMatrixCase(opts.baseUrl(), opts.matrix, key)).toEqual([]);
    },
  );
  const lists = Object.keys(opts.lists ?? {});
  if (lists.length)
    it.each(lists)(
      'When others list %s, then they get none of it while the owners get all of it',
      async (name) => {
        expect(await checkList(opts.baseUrl(), opts.lists![name]!())).toEqual([]);
      },
    );
}
