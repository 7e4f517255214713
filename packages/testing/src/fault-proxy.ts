import net from 'node:net';
import { freePort } from './ports';

/**
 * A TCP proxy on loopback between a client and a server, for network faults a test can turn on
 * and off: the connections stay open while nothing passes (a half-open connection, a firewall
 * that drops packets), or are cut with a reset.
 */
export interface FaultProxy {
  port: number;
  /** Connections open through the proxy right now. */
  connections: () => number;
  /**
   * Stop forwarding in both directions without closing anything: bytes sent are held, new
   * connections are accepted and then get nothing, as when packets are dropped on the way.
   */
  blackhole: () => void;
  /**
   * Forward again. `held: 'deliver'` (default) hands on what was held, as TCP does once a short
   * outage heals; `'lost'` leaves the connections of the outage silent for good (a NAT or
   * firewall that forgot them: they never carry a byte again and are never closed), and only
   * new connections pass.
   */
  restore: (opts?: { held?: 'deliver' | 'lost' }) => void;
  /** Cut every connection with a TCP reset (the client sees ECONNRESET) and forward again. */
  reset: () => void;
  close: () => Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | undefined;
  /** Held while blackholed: bytes for the server, bytes for the client. */
  toServer: Buffer[];
  toClient: Buffer[];
  /** Silent for good (restore with `held: 'lost'`). */
  lost: boolean;
}

interface State {
  blackholed: boolean;
}

function connectUpstream(pair: Pair, state: State, target: { port: number }): void {
  const upstream = net.connect({ host: '127.0.0.1', port: target.port });
  pair.upstream = upstream;
  upstream.on('data', (b: Buffer) => {
    if (pair.lost) return;
    if (state.blackholed) pair.toClient.push(b);
    else pair.client.write(b);
  });
  upstream.on('error', () => pair.client.destroy());
  upstream.on('close', () => {
    if (!pair.lost) pair.client.end();
  });
  for (const b of pair.toServer.splice(0)) upstream.write(b);
}

/** Forwards 127.0.0.1:<port> to `target` (a port on 127.0.0.1). */
export async function startFaultProxy(target: { port: number }): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  const state: State = { blackholed: false };

  const server = net.createServer((client) => {
    const pair: Pair = { client, upstream: undefined, toServer: [], toClient: [], lost: false };
    pairs.add(pair);
    client.on('data', (b: Buffer) => {
      if (pair.lost) return;
      if (state.blackholed || !pair.upstream) pair.toServer.push(b);
      else pair.upstream.write(b);
    });
    client.on('error', () => pair.upstream?.destroy());
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (!state.blackholed) connectUpstream(pair, state, target);
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const flow = () => {
    state.blackholed = false;
    for (const pair of pairs) {
      if (pair.lost) continue;
      if (!pair.upstream) connectUpstream(pair, state, target);
      else for (const b of pair.toServer.splice(0)) pair.upstream.write(b);
      for (const b of pair.toClient.splice(0)) pair.client.write(b);
    }
  };

  return {
    port,
    connections: () => pairs.size,
    blackhole: () => {
      state.blackholed = true;
    },
    restore: (opts = {}) => {
      if (opts.held === 'lost' && state.blackholed) {
        for (const pair of pairs) {
          pair.lost = true;
          pair.toServer.length = 0;
          pair.toClient.length = 0;
        }
      }
      flow();
    },
    reset: () => {
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.upstream?.resetAndDestroy();
      }
      pairs.clear();
      state.blackholed = false;
    },
    close: async () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
