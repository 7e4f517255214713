import { escapeHtml as esc } from './html';

/**
 * A readable API page rendered on the server from the OpenAPI document: no external scripts,
 * so it works offline and under the strict content security policy.
 */

/** The parts of an OpenAPI 3.1 document the page shows. */
interface DocParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
interface DocOperation {
  summary?: string;
  description?: string;
  parameters?: DocParameter[];
  requestBody?: { content?: Record<string, { schema?: unknown } | undefined> };
  responses?: Record<string, { description?: string }>;
}
interface ApiDoc {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, DocOperation>>;
  components?: { schemas?: Record<string, unknown> };
}
type HttpMethod = (typeof METHODS)[number];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function renderOperation(path: string, method: HttpMethod, op: DocOperation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`,
    )
    .join('');
  const body = op.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([code, r]) => `<li><strong>${esc(code)}</strong> ${esc(r.description)}</li>`)
    .join('');
  return `<section class="op" id="${esc(method + path)}">
<h3><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th></tr></thead><tbody>${params}</tbody></table>` : ''}
${body ? `<details><summary>Request body</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ''}
<ul>${responses}</ul></section>`;
}

/** `document` is what `generateDocument` made (an OpenAPI 3.1 object). */
export function renderDocsPage(document: object): string {
  const doc = document as ApiDoc;
  const ops: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item) as [HttpMethod, DocOperation][])
      if (METHODS.includes(method)) ops.push(renderOperation(path, method, op));
  }
  const schemas = doc.components?.schemas ?? {};
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/docs.css"></head>
<body><main><h1>${esc(doc.info.title)} API <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(doc.openapi)}). Errors are <code>application/problem+json</code> (RFC 9457).</p>
${ops.join('\n')}
${
  Object.keys(schemas).length
    ? `<h2>Schemas</h2>${Object.entries(schemas)
        .map(
          ([n, s]) =>
            `<details><summary>${esc(n)}</summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`,
        )
        .join('')}`
    : ''
}
</main></body></html>`;
}

export const DOCS_CSS = `body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}main{max-width:960px;margin:auto;padding:1rem}
.op{border-top:1px solid #ccc;padding:.5rem 0}.method{display:inline-block;min-width:4rem;font-weight:700}
.get{color:#0b5394}.post{color:#38761d}.put,.patch{color:#b45f06}.delete{color:#990000}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left}pre{background:#f5f5f5;padding:.5rem;overflow:auto}`;
