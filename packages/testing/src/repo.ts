import { existsSync } from 'node:fs';
import path from 'node:path';

/** The monorepo root: the nearest folder upwards holding pnpm-workspace.yaml. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above ' + from);
    dir = parent;
  }
}
