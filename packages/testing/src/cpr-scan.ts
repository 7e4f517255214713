import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';

import { looksLikeCpr, redactCprNumbers } from '@rammeaftale/domain';

/** Lines of a file that hold a CPR-shaped value (the value itself is not returned). */
export function cprLinesInFile(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => (looksLikeCpr(line) ? i + 1 : -1))
    .filter((n) => n > 0);
}

/** A minimal RESP client: enough to walk every key and value of a test Redis. */
async function redisCommands(port: number, commands: string[][]): Promise<unknown[]> {
  const sock = net.connect({ port, host: '127.0.0.1' });
  const encode = (args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  let buf = Buffer.alloc(0);
  const replies: unknown[] = [];
  const parse = (b: Buffer, at: number): [unknown, number] | undefined => {
    const end = b.indexOf('\r\n', at);
    if (end < 0) return undefined;
    const type = String.fromCharCode(b[at]!);
    const head = b.toString('utf8', at + 1, end);
    if (type === '+' || type === '-' || type === ':') return [head, end + 2];
    if (type === '$') {
      const len = Number(head);
      if (len < 0) return [null, end + 2];
      if (b.length < end + 2 + len + 2) return undefined;
      return [b.toString('utf8', end + 2, end + 2 + len), end + 2 + len + 2];
    }
    if (type === '*') {
      const n = Number(head);
      let pos = end + 2;
      const arr: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const r = parse(b, pos);
        if (!r) return undefined;
        arr.push(r[0]);
        pos = r[1];
      }
      return [arr, pos];
    }
    throw new Error(`unexpected RESP type ${type}`);
  };
  return new Promise((resolve, reject) => {
    sock.on('error', reject);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const r = parse(buf, 0);
        if (!r) break;
        replies.push(r[0]);
        buf = buf.subarray(r[1]);
      }
      if (replies.length === commands.length) {
        sock.end();
        resolve(replies);
      }
    });
    sock.write(commands.map(encode).join(''));
  });
}

/** Keys of a Redis whose name or value holds a CPR-shaped value. */
export async function cprKeysInRedis(url: string): Promise<string[]> {
  const port = Number(new URL(url).port || 6379);
  const [keys] = (await redisCommands(port, [['KEYS', '*']])) as string[][];
  const found: string[] = [];
  const list = keys ?? [];
  for (let i = 0; i < list.length; i += 200) {
    const chunk = list.slice(i, i + 200);
    const types = (await redisCommands(
      port,
      chunk.map((k) => ['TYPE', k]),
    )) as string[];
    const reads = chunk.map((k, j) => {
      switch (types[j]) {
        case 'string':
          return ['GET', k];
        case 'hash':
          return ['HGETALL', k];
        case 'list':
          return ['LRANGE', k, '0', '-1'];
        case 'set':
          return ['SMEMBERS', k];
        case 'zset':
          return ['ZRANGE', k, '0', '-1'];
        case 'stream':
          return ['XRANGE', k, '-', '+'];
        default:
          return ['TYPE', k];
      }
    });
    const values = await redisCommands(port, reads);
    chunk.forEach((k, j) => {
      if (looksLikeCpr(k) || looksLikeCpr(JSON.stringify(values[j])))
        found.push(redactCprNumbers(k));
    });
  }
  return found;
}
