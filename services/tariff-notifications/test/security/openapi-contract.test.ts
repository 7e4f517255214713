import request from 'supertest';
import {
  auditOpenApi,
  operationsOf,
  type OpenApiDocument,
} from '@rammeaftale/testing/openapi-audit';
import { startNotifications, type NotificationsHarness } from '../support';

let h: NotificationsHarness;

beforeAll(async () => {
  h = await startNotifications({ name: 'tn_openapi' });
});

afterAll(() => h.close());

describe('the OpenAPI document as a security review reads it', () => {
  it('When the document is generated, then every operation names its security scheme and declares its success and its problems (400/401/403/404/429/503)', async () => {
    const res = await request(h.svc.http.url).get('/openapi.json');
    const doc = res.body as OpenApiDocument;
    const operations = operationsOf(doc);
    console.log(`tariff-notifications: ${operations.length} operations audited`);
    expect(operations.length).toBeGreaterThanOrEqual(10);
    expect(doc.components?.securitySchemes).toHaveProperty('bearerAuth');
    expect(auditOpenApi(doc)).toEqual([]);
  });
});
