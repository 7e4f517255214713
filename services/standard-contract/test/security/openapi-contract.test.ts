import request from 'supertest';
import {
  auditOpenApi,
  operationsOf,
  type OpenApiDocument,
} from '@rammeaftale/testing/openapi-audit';
import { startContracts, type ContractsHarness } from '../support';

let h: ContractsHarness;

beforeAll(async () => {
  h = await startContracts();
});

afterAll(() => h.svc.close());

/** Public on purpose: the national contract variants are published text. */
const PUBLIC = ['GET /template-variants'];

describe('the OpenAPI document as a security review reads it', () => {
  it('When the document is generated, then every operation names its security scheme and declares its success (JSON schema, PDF/CSV media type or 204) and its problems (400/401/403/404/429/503)', async () => {
    const doc = (await request(h.url).get('/openapi.json')).body as OpenApiDocument;
    const operations = operationsOf(doc);
    console.log(`standard-contract: ${operations.length} operations audited`);
    expect(operations.length).toBeGreaterThanOrEqual(35);
    expect(doc.components?.securitySchemes).toHaveProperty('bearerAuth');
    expect(auditOpenApi(doc, PUBLIC)).toEqual([]);
    const pdf = doc.paths['/contracts/{id}/versions/{version}/pdf']?.get?.responses?.['200'];
    expect(Object.keys(pdf?.content ?? {})).toEqual(['application/pdf']);
  });
});
