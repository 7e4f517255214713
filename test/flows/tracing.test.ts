/**
 * OpenTelemetry traces (issue 17, traces): with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a real
 * OTLP/HTTP receiver (this test's, JSON encoding), one case worker's request that crosses the
 * portal, the contracts service, the notifications service and its letters job is one trace, and
 * the worker's line of the job names that trace beside the correlation id. Without the endpoint
 * nothing is traced, exported or even loaded.
 *
 * The flow runs in processes of their own (support/traced-flow.ts: the portal and the contracts
 * service in one, the notifications service from its main.ts in another), not in this jest
 * worker: the instrumentations hook Node's module loading, which jest's module registry bypasses.
 * The portal and the contracts service share that one process's resource, so their spans are
 * told apart by the route they served; the notifications service's spans are its own resource.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, spawnManaged, type LogLine } from '@rammeaftale/testing';
import {
  startOtlpReceiver,
  type OtlpReceiver,
} from '@rammeaftale/tracing/test/support/otlp-receiver';

jest.setTimeout(120_000);

interface FlowResult {
  tracing: string | null;
  sdkLoaded: boolean;
  correlationId: string;
  contractId: string;
  status: number;
  mails: number;
  letterSent: LogLine;
  portalRequest?: LogLine;
  contractsRequest?: LogLine;
}

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;

/** Runs the flow in its own processes with `env` over this one's; resolves with what it told. */
async function runFlow(env: NodeJS.ProcessEnv): Promise<FlowResult> {
  let exit: (code: number | null) => void = () => undefined;
  const exited = new Promise<number | null>((resolve) => (exit = resolve));
  const flow = spawnManaged(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'support/traced-flow.ts')],
    { cwd: repoRoot(), env: { ...process.env, ...env }, onExit: (code) => exit(code) },
  );
  const code = await exited;
  const line = flow
    .output()
    .split('\n')
    .find((l) => l.startsWith('TRACED-FLOW '));
  if (code !== 0 || !line) throw new Error(`the traced flow failed (${code}):\n${flow.output()}`);
  return JSON.parse(line.slice('TRACED-FLOW '.length)) as FlowResult;
}

const OTEL_OFF = {
  OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  OTEL_SERVICE_NAME: undefined,
};

let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  await receiver?.close();
});

it('When tracing is on and a case worker sends a contract, then the portal, the contracts service, the notifications service and the letters job are one trace, which the worker logs beside the correlation id', async () => {
  const started = Date.now();
  const flow = await runFlow({
    ...OTEL_OFF,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  expect([flow.status, flow.mails, flow.tracing, flow.sdkLoaded]).toEqual([
    303,
    1,
    'order-portal+standard-contract',
    true,
  ]);
  const spans = receiver.spans();
  const byId = new Map(spans.map((s) => [s.spanId, s]));

  // The portal's request: a server span of its own trace.
  const portalSpan = spans.find((s) => s.kind === SERVER && s.name === 'POST /kontrakter/:id/send');
  expect(portalSpan).toBeDefined();
  const traceId = portalSpan!.traceId;
  const inTrace = spans.filter((s) => s.traceId === traceId);
  // The contracts service's span of the portal's call, a child of the portal's fetch span.
  const contractsSpan = inTrace.find(
    (s) =>
      s.kind === SERVER &&
      s.name.startsWith('POST ') &&
      s.name.includes('/send') &&
      s !== portalSpan,
  );
  expect(contractsSpan).toBeDefined();
  expect(byId.get(contractsSpan!.parentSpanId ?? '')).toMatchObject({ kind: CLIENT, traceId });
  // The notifications service's POST /letters, exported by that process under its own name.
  const lettersSpan = inTrace.find((s) => s.kind === SERVER && s.name === 'POST /letters');
  expect(lettersSpan).toMatchObject({ service: 'tariff-notifications' });
  expect(byId.get(lettersSpan!.parentSpanId ?? '')).toMatchObject({ kind: CLIENT, traceId });
  // The job's processing in the worker: in the same trace, below the request that added it.
  const jobSpan = spans.find((s) => s.kind === CONSUMER && s.name === 'process letters');
  expect(jobSpan).toMatchObject({ traceId, service: 'tariff-notifications' });
  const ancestors: string[] = [];
  for (let s = jobSpan; s?.parentSpanId; s = byId.get(s.parentSpanId))
    ancestors.push(s.parentSpanId);
  expect(ancestors).toContain(lettersSpan!.spanId);
  // The worker's line of the job: that trace and the request's correlation id.
  expect(flow.letterSent).toMatchObject({
    correlationId: flow.correlationId,
    traceId,
    queue: 'letters',
  });
  expect(inTrace.some((s) => s.spanId === flow.letterSent.spanId)).toBe(true);
  // The request lines in the portal and the contracts service name the trace too.
  expect(flow.portalRequest?.traceId).toBe(traceId);
  expect(flow.contractsRequest?.traceId).toBe(traceId);
  console.log(
    `one trace ${traceId}: ${inTrace.length} spans (${[...new Set(inTrace.map((s) => s.service))].join(', ')}), ` +
      `${spans.length} spans exported in ${receiver.posts.length} posts; flow ${Date.now() - started} ms`,
  );
});

it('When no OTLP endpoint is set, then no process loads the SDK and no log line of the request or its job names a trace', async () => {
  const flow = await runFlow(OTEL_OFF);
  expect([flow.status, flow.mails, flow.tracing, flow.sdkLoaded]).toEqual([303, 1, null, false]);
  expect(flow.letterSent).toMatchObject({ correlationId: flow.correlationId, queue: 'letters' });
  for (const line of [flow.letterSent, flow.portalRequest, flow.contractsRequest]) {
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('traceId');
    expect(line).not.toHaveProperty('spanId');
  }
});

it.each(['order-portal', 'standard-contract', 'tariff-notifications'])(
  'When %s starts, then its first import starts tracing, before any module it instruments is loaded',
  (service) => {
    const main = readFileSync(path.join(repoRoot(), `services/${service}/src/main.ts`), 'utf8');
    const imports = [...main.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports[0]).toBe('./instrument');
    const instrument = readFileSync(
      path.join(repoRoot(), `services/${service}/src/instrument.ts`),
      'utf8',
    );
    expect(instrument).toContain(`startTracing('${service}')`);
  },
);
