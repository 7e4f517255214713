// Load client run in a worker thread, so the clients do not share an event loop with the server
// under test. Plain JavaScript: worker threads load it without a TypeScript loader.
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

const opts = workerData;
const target = new URL(opts.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
const latencies = [];
let errors = 0;
const statuses = {};
let issued = 0;

function one() {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const headers = Object.assign(
      opts.body ? { 'content-type': 'application/json' } : {},
      opts.headers || {},
    );
    const req = http.request(target, { method: opts.method || 'GET', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
        if ((res.statusCode || 500) >= 400) errors++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

(async () => {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (issued < opts.requests) {
        issued++;
        await one();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  parentPort.postMessage({ latencies, errors, seconds, statuses });
})();
