import {
  auditOpenApi,
  operationsOf,
  type OpenApiDocument,
} from '@rammeaftale/testing/openapi-audit';
import { uniqueName } from '@rammeaftale/testing';
import { SESSION_COOKIE } from '../../src/portal/session';
import { startTestPortal, type TestPortal } from '../support/start-portal';

let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal(uniqueName('op_openapi'));
});

afterAll(() => portal.close());

describe('the OpenAPI document as a security review reads it', () => {
  it('When the document is generated, then every operation names its security (bearer or the session cookie; the service token on /internal) and declares its success (JSON schema, CSV or 204) and its problems (400/401/403/404/429/503)', async () => {
    const doc = (await (
      await fetch(`${portal.http.url}/openapi.json`)
    ).json()) as OpenApiDocument & {
      paths: Record<string, Record<string, { security?: unknown[]; description?: string }>>;
    };
    const operations = operationsOf(doc);
    console.log(`order-portal: ${operations.length} operations audited`);
    expect(operations.length).toBeGreaterThanOrEqual(33);
    expect(doc.components?.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
    });
    expect(auditOpenApi(doc)).toEqual([]);
    const both = [{ bearerAuth: [] }, { sessionCookie: [] }];
    for (const op of operations.filter((o) => o.includes(' /api/'))) {
      const [method, path] = op.split(' ') as [string, string];
      expect({ op, security: doc.paths[path]?.[method.toLowerCase()]?.security }).toEqual({
        op,
        security: both,
      });
    }
    const internal = doc.paths['/internal/orders/{id}/contract-basis']?.get;
    expect(internal?.security).toEqual([{ bearerAuth: [] }]);
    expect(internal?.description).toContain('Service-to-service');
    const report = doc.paths['/api/reports/orders']?.get as unknown as {
      responses: Record<string, { content: Record<string, unknown> }>;
    };
    expect(Object.keys(report.responses['200']?.content ?? {}).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
  });
});
