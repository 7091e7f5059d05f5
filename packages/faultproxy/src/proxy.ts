import { BorderpostError } from '@borderpost/common';
import net from 'node:net';
import { type Direction, type LinkConditions, type LinkConditionsPatch, applyPatch, perfectLink } from './conditions';
import { seededRandom } from './random';
import { DirectionShaper } from './shaper';

export interface FaultProxyOptions extends LinkConditionsPatch {
  /** Where connections are forwarded. */
  target: { host?: string; port: number };
  /** Seed for random cuts, so a failing scenario replays. */
  seed?: number;
}

export interface FaultProxyStats {
  /** Bytes delivered client → target, exactly. */
  bytesUp: number;
  /** Bytes delivered target → client, exactly. */
  bytesDown: number;
  connections: number;
  /** Connections reset at accept because the link was down. */
  refused: number;
  /** Connections cut by `cutAfterBytes`, a random cut or `cutAll`. */
  cuts: number;
  /** Connections the target did not accept (it was down or restarting). */
  targetFailures: number;
  /** Connections open right now. */
  open: number;
}

interface Connection {
  client: net.Socket;
  upstream: net.Socket;
  shapers: DirectionShaper[];
  destroyed: boolean;
}

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>` — convenient for HTTP clients. */
  readonly url: string;
  conditions(): LinkConditions;
  /** Changes the link while it runs; affects data arriving from now on (and new connections for cuts). */
  configure(patch: LinkConditionsPatch): LinkConditions;
  /** Cuts every open connection now (a link that drops). */
  cutAll(): void;
  /** Points new connections at another target (a server restarted on another port). */
  retarget(target: { host?: string; port: number }): void;
  stats(): FaultProxyStats;
  resetStats(): void;
  close(): Promise<void>;
}

/**
 * Starts a fault-injecting TCP proxy on 127.0.0.1 (port chosen by the system). It is a TCP proxy, not an
 * HTTP one, so it works for any protocol and counts what a real link would carry (headers, chunking, TLS).
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const { target, seed = 1, ...initial } = options;
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new BorderpostError('FAULTPROXY_BAD_CONFIG', `target port must be 1..65535, got ${target.port}`, { port: target.port });
  }
  let targetHost = target.host ?? '127.0.0.1';
  let targetPort = target.port;
  let conditions = applyPatch(perfectLink, initial);
  const random = seededRandom(seed);
  const open = new Set<Connection>();
  const zeroStats = () => ({ bytesUp: 0, bytesDown: 0, connections: 0, refused: 0, cuts: 0, targetFailures: 0 });
  let counters = zeroStats();

  /**
   * `cut` and `reset` end the client side with a TCP reset, so the client sees what a dropped link causes
   * rather than a well-formed end of stream; `clean` is for connections both sides have finished.
   */
  const destroy = (connection: Connection, how: 'cut' | 'reset' | 'clean') => {
    if (connection.destroyed) return;
    connection.destroyed = true;
    open.delete(connection);
    if (how === 'cut') counters.cuts += 1;
    for (const shaper of connection.shapers) shaper.close();
    if (how === 'clean') connection.client.destroy();
    else connection.client.resetAndDestroy();
    connection.upstream.destroy();
  };

  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    if (conditions.linkDown) {
      counters.refused += 1;
      client.resetAndDestroy();
      return;
    }
    counters.connections += 1;
    const upstream = net.connect({ host: targetHost, port: targetPort, allowHalfOpen: true });
    const connection: Connection = { client, upstream, shapers: [], destroyed: false };
    open.add(connection);

    // A random cut is drawn once per connection, at accept, so the scenario depends only on the seed and
    // the order of connections.
    const randomCutAt: Record<Direction, number | null> = { up: null, down: null };
    const cut = conditions.randomCut;
    if (cut && random() < cut.probability) {
      randomCutAt[cut.direction] = cut.minBytes + Math.floor(random() * (cut.maxBytes - cut.minBytes + 1));
    }
    const cutAt = (direction: Direction) => () => {
      const fixed = conditions.cutAfterBytes[direction];
      const drawn = randomCutAt[direction];
      if (fixed === null) return drawn;
      return drawn === null ? fixed : Math.min(fixed, drawn);
    };
    const shape = (direction: Direction) => () => ({
      latencyMs: conditions.latencyMs[direction],
      bytesPerSec: conditions.bandwidthBytesPerSec[direction],
    });
    connection.shapers.push(
      new DirectionShaper(client, upstream, shape('up'), cutAt('up'), (n) => (counters.bytesUp += n), () => destroy(connection, 'cut')),
      new DirectionShaper(upstream, client, shape('down'), cutAt('down'), (n) => (counters.bytesDown += n), () => destroy(connection, 'cut')),
    );

    let upstreamConnected = false;
    upstream.once('connect', () => {
      upstreamConnected = true;
      // On a real link the TCP handshake costs a round trip before the first byte of a request can leave;
      // the client's bytes wait in its socket (it was accepted paused) for that long.
      const handshakeMs = conditions.latencyMs.up + conditions.latencyMs.down;
      if (handshakeMs > 0) setTimeout(() => client.resume(), handshakeMs);
      else client.resume();
    });
    upstream.on('error', () => {
      if (!upstreamConnected) counters.targetFailures += 1;
      destroy(connection, 'reset');
    });
    client.on('error', () => destroy(connection, 'reset'));
    // A socket that closed cleanly may still have data queued towards the other side (latency): the
    // shapers finish that and end the other side; the connection is forgotten when both are closed.
    const onClose = (hadError: boolean) => {
      if (hadError) destroy(connection, 'reset');
      else if (client.destroyed && upstream.destroyed) destroy(connection, 'clean');
    };
    client.on('close', onClose);
    upstream.on('close', onClose);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  return {
    host: '127.0.0.1',
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    conditions: () => conditions,
    configure: (patch) => (conditions = applyPatch(conditions, patch)),
    cutAll: () => {
      for (const connection of [...open]) destroy(connection, 'cut');
    },
    retarget: (next) => {
      if (!Number.isInteger(next.port) || next.port < 1 || next.port > 65535) {
        throw new BorderpostError('FAULTPROXY_BAD_CONFIG', `target port must be 1..65535, got ${next.port}`, { port: next.port });
      }
      targetHost = next.host ?? '127.0.0.1';
      targetPort = next.port;
    },
    stats: () => ({ ...counters, open: open.size }),
    resetStats: () => {
      counters = zeroStats();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of [...open]) destroy(connection, 'reset');
        server.close(() => resolve());
      }),
  };
}
