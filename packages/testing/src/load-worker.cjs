// Load client run in a worker thread, so the clients do not share an event loop with the server
// under test. Plain JavaScript: worker threads load it without a TypeScript loader.
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

const opts = workerData;
const target = new URL(opts.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
const variants =
  opts.variants && opts.variants.length
    ? opts.variants
    : [{ headers: opts.headers, body: opts.body }];
// Bodies are read only when something needs them (a forbidden text, a field to collect).
const readBodies = Boolean(opts.collectJsonField) || variants.some((v) => v.mustNotContain);
const latencies = [];
const variantLatencies = variants.map(() => []);
const collected = [];
const leaks = variants.map(() => 0);
let errors = 0;
const statuses = {};
let issued = 0;
const deadline =
  opts.seconds === undefined ? undefined : process.hrtime.bigint() + BigInt(opts.seconds * 1e9);

function one(index) {
  const variant = variants[index % variants.length];
  const v = index % variants.length;
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const headers = Object.assign(
      variant.body ? { 'content-type': 'application/json' } : {},
      variant.headers || {},
    );
    const req = http.request(
      variant.path ? new URL(variant.path, target) : target,
      { method: variant.method || opts.method || 'GET', agent, headers },
      (res) => {
        const chunks = [];
        if (readBodies) res.on('data', (c) => chunks.push(c));
        else res.resume();
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          latencies.push(ms);
          variantLatencies[v].push(ms);
          statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
          if ((res.statusCode || 500) >= 400) errors++;
          if (readBodies) {
            const text = Buffer.concat(chunks).toString('utf8');
            if (variant.mustNotContain && variant.mustNotContain.some((s) => text.includes(s)))
              leaks[v]++;
            if (opts.collectJsonField && res.statusCode === (opts.collectStatus || 200)) {
              try {
                collected.push(String(JSON.parse(text)[opts.collectJsonField]));
              } catch {
                collected.push('(not JSON)');
              }
            }
          }
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      statuses.network = (statuses.network || 0) + 1;
      resolve();
    });
    if (variant.body) req.write(variant.body);
    req.end();
  });
}

const more = () =>
  deadline === undefined ? issued < opts.requests : process.hrtime.bigint() < deadline;

(async () => {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (more()) {
        await one(issued++);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  parentPort.postMessage({
    latencies,
    variantLatencies,
    errors,
    seconds,
    statuses,
    collected,
    leaks,
  });
})();
