import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { METRIC_NAMES } from '../../packages/runtime/src/metrics';
import { ROOT } from './support/compiled';

// The Kubernetes manifests as a cluster would get them: each overlay built by kustomize's own
// library and every object decoded strictly into the k8s.io/api types (deploy/k8s/check, built
// from the Go module proxy by scripts/ensure-k8s-check.sh), then the suite's rules checked here.

const OVERLAYS = ['staging', 'production'] as const;
const CHECK = path.join(ROOT, '.cache/k8s-check/k8s-check');

function ensureChecker(): string | undefined {
  // Exits at once when the cached binary matches the checker's sources; builds it otherwise.
  spawnSync('bash', ['scripts/ensure-k8s-check.sh'], { cwd: ROOT, stdio: 'inherit' });
  return existsSync(CHECK) ? CHECK : undefined;
}

const checker = ensureChecker();
if (!checker)
  console.error(
    'k8s.test.ts skipped: the manifest checker could not be built (needs Go and the Go module proxy; scripts/setup.sh builds it)',
  );
const describeIfChecker = checker ? describe : describe.skip;

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};
type Container = {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean };
};
type PodSpec = { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } };

function build(dir: string): { status: number | null; objects: K8sObject[]; stderr: string } {
  const run = spawnSync(checker!, [dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    status: run.status,
    objects: run.status === 0 ? (JSON.parse(run.stdout) as K8sObject[]) : [],
    stderr: run.stderr,
  };
}

const podSpec = (o: K8sObject): PodSpec | undefined =>
  (o.spec?.template as { spec?: PodSpec } | undefined)?.spec;
const labelsOf = (o: K8sObject): Record<string, string> =>
  (o.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
/** `secretKeyRef:key,name` for a reference to a Secret's key. */
const refKeys = (valueFrom: unknown): string =>
  Object.entries((valueFrom ?? {}) as Record<string, object>)
    .map(([kind, ref]) => `${kind}:${Object.keys(ref).sort().join(',')}`)
    .join(' ');
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const SECRET_NAMES =
  /SECRET|PASSWORD|TOKEN$|SESSION_KEY|CPR_KEYS|CPR_LOOKUP_KEY|^MONGO_URL$|^REDIS_URL$|^SMTP_URL$/;

type PodMonitorSpec = {
  selector: { matchExpressions?: { key: string; operator: string; values: string[] }[] };
  podMetricsEndpoints: {
    port: string;
    path: string;
    authorization?: { credentials: { name: string; key: string } };
  }[];
};
type AlertRule = {
  alert: string;
  expr: string;
  annotations: { summary: string; runbook_url: string };
};

const selects = (selector: PodMonitorSpec['selector'], labels: Record<string, string>) =>
  (selector.matchExpressions ?? []).every(
    (e) => e.operator === 'In' && e.values.includes(labels[e.key] ?? ''),
  );
/** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/** PromQL's own words: functions, aggregations and operators, never a metric. */
const PROMQL_WORDS = new Set(
  'sum min max avg count rate irate increase delta deriv clamp_min clamp_max histogram_quantile by without on ignoring group_left group_right and or unless bool offset abs absent time vector scalar topk bottomk'.split(
    ' ',
  ),
);

/** The series an expression reads: its identifiers without label matchers, strings, ranges. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const words = bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(words.filter((w) => !PROMQL_WORDS.has(w)))];
}

const exported = (name: string) =>
  METRIC_NAMES.includes(name) || METRIC_NAMES.includes(name.replace(/_(bucket|sum|count)$/, ''));

describeIfChecker.each(OVERLAYS)('the %s overlay', (overlay) => {
  let objects: K8sObject[];
  beforeAll(() => {
    const built = build(path.join(ROOT, 'deploy/k8s/overlays', overlay));
    if (built.status !== 0) throw new Error(built.stderr);
    objects = built.objects;
  });
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const workloads = () => [...of('Deployment'), ...of('StatefulSet')];

  it('When built, then every object validates and each role of each service is a Deployment', () => {
    const names = of('Deployment').map((d) => d.metadata.name);
    expect(names.sort()).toEqual(
      [
        'order-portal-api',
        'order-portal-events-worker',
        'order-portal-housekeeping',
        'order-portal-relay',
        'standard-contract-api',
        'standard-contract-events-worker',
        'standard-contract-relay',
        'standard-contract-sweeper',
        'tariff-notifications-api',
        'tariff-notifications-letters-worker',
        'tariff-notifications-reconciler',
      ].sort(),
    );
    for (const d of of('Deployment')) {
      const [container] = podSpec(d)!.containers;
      expect([d.metadata.name, container?.image]).toEqual([
        d.metadata.name,
        expect.stringMatching(/^registry\.example\.dk\/rammeaftale\/[a-z-]+:[\w.-]+$/),
      ]);
      expect(
        `${d.metadata.labels?.['app.kubernetes.io/name']}-${(container as { args?: string[] }).args?.[0]}`,
      ).toBe(d.metadata.name);
    }
  });

  it('When any workload is looked at, then every container has probes, requests and limits, and runs as non-root without privilege escalation; the services probe /readyz and /healthz', () => {
    for (const w of workloads()) {
      const pod = podSpec(w)!;
      expect([w.metadata.name, pod.securityContext?.runAsNonRoot]).toEqual([w.metadata.name, true]);
      for (const c of pod.containers) {
        const where = `${w.kind} ${w.metadata.name} container ${c.name}`;
        expect([where, !!c.readinessProbe, !!c.livenessProbe]).toEqual([where, true, true]);
        for (const r of ['cpu', 'memory'])
          expect([where, r, !!c.resources?.requests?.[r], !!c.resources?.limits?.[r]]).toEqual([
            where,
            r,
            true,
            true,
          ]);
        expect([
          where,
          c.securityContext?.runAsNonRoot,
          c.securityContext?.allowPrivilegeEscalation,
        ]).toEqual([where, true, false]);
        if (w.kind === 'Deployment') {
          expect([where, c.readinessProbe?.httpGet?.path, c.livenessProbe?.httpGet?.path]).toEqual([
            where,
            '/readyz',
            '/healthz',
          ]);
        }
      }
    }
  });

  it('When a value is a secret, then it is referenced from a Secret (secretKeyRef), never written in a manifest, and no Secret object is shipped', () => {
    expect(of('Secret')).toEqual([]);
    for (const o of objects) {
      const pod = podSpec(o);
      for (const c of pod?.containers ?? []) {
        for (const e of c.env ?? []) {
          if (SECRET_NAMES.test(e.name))
            expect([o.metadata.name, e.name, e.value, refKeys(e.valueFrom)]).toEqual([
              o.metadata.name,
              e.name,
              undefined,
              'secretKeyRef:key,name',
            ]);
        }
      }
    }
    for (const cm of of('ConfigMap'))
      expect([
        cm.metadata.name,
        Object.keys(cm.data ?? {}).filter((k) => SECRET_NAMES.test(k)),
      ]).toEqual([cm.metadata.name, []]);
  });

  it('When a Deployment or StatefulSet is drained, then a PodDisruptionBudget covers it', () => {
    const pdbs = of('PodDisruptionBudget');
    for (const w of workloads()) {
      const labels = (w.spec?.template as { metadata: { labels: Record<string, string> } }).metadata
        .labels;
      const covered = pdbs.filter((p) => matches(labelsOf(p), labels));
      expect([w.metadata.name, covered.length]).toEqual([w.metadata.name, 1]);
    }
  });

  it('When load grows, then each API scales on CPU and each inbox worker on its queue’s depth through KEDA’s Redis scaler', () => {
    const apis = of('Deployment').filter((d) => d.metadata.name.endsWith('-api'));
    const hpaTargets = of('HorizontalPodAutoscaler').map(
      (h) => (h.spec?.scaleTargetRef as { name: string }).name,
    );
    expect(hpaTargets.sort()).toEqual(apis.map((d) => d.metadata.name).sort());
    const scaled = Object.fromEntries(
      of('ScaledObject').map((s) => {
        const spec = s.spec as {
          scaleTargetRef: { name: string };
          triggers: { type: string; metadata: { listName: string } }[];
        };
        return [
          spec.scaleTargetRef.name,
          spec.triggers.map((t) => `${t.type} ${t.metadata.listName}`),
        ];
      }),
    );
    expect(scaled).toEqual({
      'order-portal-events-worker': ['redis bull:order-portal-events:wait'],
      'standard-contract-events-worker': ['redis bull:standard-contract-events:wait'],
      'tariff-notifications-letters-worker': ['redis bull:letters:wait'],
    });
  });

  it('When traffic comes from outside, then only the portal has an Ingress and a NetworkPolicy that admits it; everything else starts from default deny', () => {
    expect(
      of('Ingress').map((i) => JSON.stringify(i.spec).match(/"name":"([a-z-]+-api)"/)?.[1]),
    ).toEqual(['order-portal-api']);
    const policies = of('NetworkPolicy');
    const deny = policies.find(
      (p) => JSON.stringify(p.spec?.podSelector) === '{}' && !p.spec?.ingress && !p.spec?.egress,
    );
    expect(deny?.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    // From outside: another namespace than the ingress controller's or KEDA's, or an address.
    const publicTo = policies
      .filter((p) =>
        ((p.spec?.ingress ?? []) as { from?: Record<string, unknown>[] }[]).some((rule) =>
          (rule.from ?? [{}]).some(
            (peer) =>
              'ipBlock' in peer ||
              JSON.stringify(peer.namespaceSelector ?? null).includes('ingress-nginx'),
          ),
        ),
      )
      .map((p) => p.spec?.podSelector);
    expect(publicTo).toEqual([
      {
        matchLabels: {
          'app.kubernetes.io/name': 'order-portal',
          'app.kubernetes.io/component': 'api',
        },
      },
    ]);
  });

  it('When the stores are looked at, then MongoDB is a three-member replica set and Redis keeps an AOF fsynced every second and never evicts', () => {
    const mongo = of('StatefulSet').find((s) => s.metadata.name === 'mongodb')!;
    expect(mongo.spec?.replicas).toBe(3);
    expect(JSON.stringify(podSpec(mongo))).toContain('--replSet=rs0');
    const conf = of('ConfigMap').find((c) => c.metadata.name.startsWith('redis-config'))!.data![
      'redis.conf'
    ]!;
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^appendfsync everysec$/m);
    expect(conf).toMatch(/^maxmemory-policy noeviction$/m);
  });
  it('When Prometheus scrapes, then a PodMonitor takes /metrics of every process of the suite with the bearer token every container reads as METRICS_TOKEN, and the scraper’s namespace may reach the port', () => {
    const [monitor] = of('PodMonitor') as (K8sObject & { spec: PodMonitorSpec })[];
    const endpoint = monitor!.spec.podMetricsEndpoints[0]!;
    expect([endpoint.port, endpoint.path, endpoint.authorization?.credentials]).toEqual([
      'http',
      '/metrics',
      { name: 'rammeaftale-metrics', key: 'token' },
    ]);
    for (const d of of('Deployment')) {
      const pod = podSpec(d)!;
      const labels = (d.spec?.template as { metadata: { labels: Record<string, string> } }).metadata
        .labels;
      expect([d.metadata.name, selects(monitor!.spec.selector, labels)]).toEqual([
        d.metadata.name,
        true,
      ]);
      const token = pod.containers[0]!.env?.find((e) => e.name === 'METRICS_TOKEN');
      expect([d.metadata.name, token?.valueFrom]).toEqual([
        d.metadata.name,
        { secretKeyRef: { name: 'rammeaftale-metrics', key: 'token' } },
      ]);
    }
    expect(JSON.stringify(of('NetworkPolicy'))).toContain(
      '"kubernetes.io/metadata.name":"monitoring"',
    );
  });

  it('When the alert rules are read, then each alert the issue names is there, every expression names only series the services export (METRICS), and each has an English summary and a runbook section', () => {
    const rules = of('PrometheusRule').flatMap((r) =>
      (r.spec as { groups: { rules: AlertRule[] }[] }).groups.flatMap((g) => g.rules),
    );
    const names = rules.map((r) => r.alert);
    for (const required of [
      'LettersFailed',
      'QueueGrowing',
      'OutboxBacklogOld',
      'ReadinessFailing',
      'HttpErrorRate',
    ])
      expect(names).toContain(required);
    const runbook = readFileSync(path.join(ROOT, 'docs/runbook.md'), 'utf8');
    const anchors = new Set([...runbook.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]!)));
    for (const rule of rules) {
      const used = metricNames(rule.expr);
      expect([rule.alert, used.length > 0]).toEqual([rule.alert, true]);
      for (const name of used)
        expect([rule.alert, name, exported(name)]).toEqual([rule.alert, name, true]);
      const { summary, runbook_url: url } = rule.annotations;
      expect([rule.alert, /[æøåÆØÅ]/.test(summary), summary.length > 20]).toEqual([
        rule.alert,
        false,
        true,
      ]);
      const anchor = /^docs\/runbook\.md#([a-z0-9-]+)$/.exec(url)?.[1];
      expect([rule.alert, anchor, anchors.has(anchor ?? '')]).toEqual([
        rule.alert,
        slug(rule.alert),
        true,
      ]);
    }
  });
});

describeIfChecker('the manifest checker', () => {
  it('When an object has a misspelt field, a wrong type or a KEDA trigger without its list, then the build fails naming the object', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-check-'));
    cpSync(path.join(ROOT, 'deploy/k8s/base'), dir, { recursive: true });
    const file = path.join(dir, 'tariff-notifications.yaml');
    const original = readFileSync(file, 'utf8');
    const cases: [string, string][] = [
      ['readinessProbe:', 'readinesProbe:'],
      ['containerPort: 8080', 'containerPort: eighty'],
      ['listName:', 'listNam:'],
    ];
    for (const [from, to] of cases) {
      writeFileSync(file, original.replace(from, to));
      const built = build(dir);
      expect([to, built.status]).toEqual([to, 1]);
      expect(built.stderr).toContain('tariff-notifications-');
    }
    writeFileSync(file, original);
    // The Prometheus Operator's kinds are decoded strictly too.
    const alerts = path.join(dir, 'alerts.yaml');
    const rules = readFileSync(alerts, 'utf8');
    const broken: [string, string][] = [
      ['expr:', 'expression:'],
      ['for: 5m', 'for: five'],
    ];
    for (const [from, to] of broken) {
      writeFileSync(alerts, rules.replace(from, to));
      const built = build(dir);
      expect([to, built.status, built.stderr]).toEqual([
        to,
        1,
        expect.stringContaining('PrometheusRule'),
      ]);
    }
    writeFileSync(alerts, rules);
    expect(build(dir).status).toBe(0);
    execFileSync('rm', ['-rf', dir]);
  });
});
