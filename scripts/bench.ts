/**
 * Runs benchmark scripts (files named *.bench.ts under packages/ and services/): all of them, or
 * those whose path contains the given word. Never part of the test command.
 * Usage: pnpm bench [word]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@rammeaftale/testing';

const root = repoRoot();
const found: string[] = [];
for (const top of ['packages', 'services']) {
  for (const pkg of readdirSync(path.join(root, top))) {
    const dir = path.join(root, top, pkg, 'bench');
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.bench.ts')) found.push(path.join(dir, f));
  }
}
const filter = process.argv[2];
const selected = found.filter((f) => !filter || f.includes(filter));
if (selected.length === 0) {
  console.error(
    `no benchmark matches ${filter ?? '(any)'}; available:\n${found.map((f) => path.relative(root, f)).join('\n')}`,
  );
  process.exit(1);
}
let failed = 0;
for (const file of selected) {
  console.log(`\n== ${path.relative(root, file)}`);
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [file], {
    stdio: 'inherit',
    cwd: path.dirname(path.dirname(file)),
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
