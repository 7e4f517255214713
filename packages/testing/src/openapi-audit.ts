/** The parts of an OpenAPI 3.1 document the audit reads. */
interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; schema?: { enum?: unknown[] } }[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

const PROBLEM = 'application/problem+json';
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

function auditOperation(doc: OpenApiDocument, op: Operation, isPublic: boolean): string[] {
  const found: string[] = [];
  const responses = op.responses ?? {};
  const security = op.security ?? [];
  if (security.length === 0 && !isPublic) found.push('no security requirement');
  if (security.length > 0 && isPublic) found.push('declared public but secured');
  for (const name of security.flatMap((s) => Object.keys(s)))
    if (!doc.components?.securitySchemes?.[name]) found.push(`unknown security scheme ${name}`);
  const success = Object.entries(responses).filter(([code]) => /^2\d\d$/.test(code));
  const described = success.some(
    ([code, r]) =>
      code === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
  );
  if (!described) found.push('no 2xx with a content schema, nor 204');
  const problems = [400, 429, 503, ...(security.length > 0 ? [401, 403] : [])];
  // An id in the path can name nothing (404); a closed list of values (an enum) is a 400.
  if (op.parameters?.some((p) => p.in === 'path' && !p.schema?.enum)) problems.push(404);
  for (const code of problems)
    if (!responses[code]?.content?.[PROBLEM]) found.push(`no ${code} ${PROBLEM}`);
  return found;
}

/**
 * What a security review checks in a service's OpenAPI document: every operation has a security
 * requirement (or is named public on purpose), a success with a content schema or 204, 400, 429
 * and 503 as problem+json, 401/403 when secured and 404 when it takes an id in its path. Answers one line per
 * gap, e.g. `GET /contracts/{id}: no 404 application/problem+json`; none when complete.
 */
export function auditOpenApi(doc: OpenApiDocument, publicOperations: string[] = []): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.has(method))
      .flatMap(([method, op]) => {
        const name = `${method.toUpperCase()} ${path}`;
        return auditOperation(doc, op, publicOperations.includes(name)).map((g) => `${name}: ${g}`);
      }),
  );
}

/** The operations of a document, `GET /path`, to print how many were audited. */
export const operationsOf = (doc: OpenApiDocument): string[] =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => METHODS.has(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
