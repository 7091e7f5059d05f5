import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DocStore } from '../storage/doc-store';

type FeedOptions = Parameters<DocStore['changes']>[1];

/** Open longpoll requests, so a shutdown can answer them at once instead of waiting out their timeout. */
export class LongpollRegistry {
  private readonly open = new Set<() => void>();
  private closing = false;

  add(finish: () => void): () => void {
    if (this.closing) {
      finish();
      return () => undefined;
    }
    this.open.add(finish);
    return () => this.open.delete(finish);
  }

  finishAll(): void {
    this.closing = true;
    for (const finish of [...this.open]) finish();
  }

  get size(): number {
    return this.open.size;
  }
}

/**
 * `_changes?feed=longpoll`: answers at once when there are changes; otherwise holds the request until a
 * change to this database is committed (on any server instance: PostgreSQL NOTIFY), the timeout passes,
 * the client goes away or the server shuts down. With `heartbeat`, a newline is written every interval
 * so proxies and the client see a live connection (JSON parsers skip the leading whitespace). The
 * response is written raw: compressing it would hold the heartbeats back in the gzip buffer.
 */
export async function waitForChanges(args: {
  request: FastifyRequest;
  reply: FastifyReply;
  docs: DocStore;
  db: string;
  feedOptions: FeedOptions;
  heartbeatMs: number | null;
  timeoutMs: number;
  registry: LongpollRegistry;
}): Promise<void> {
  const { request, reply, docs, db, feedOptions } = args;
  let wake: () => void = () => undefined;
  let woken = false;
  const unsubscribe = docs.sql.onChange((changed) => {
    // '*': the notification connection was re-established and changes may have been missed.
    if (changed === db || changed === '*') {
      woken = true;
      wake();
    }
  });
  try {
    // Subscribed before the first read, so a change committed in between still wakes us.
    const first = await docs.changes(db, feedOptions);
    if (first.results.length > 0) {
      reply.send(first);
      return;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
    let finished = false;
    const deadline = Date.now() + args.timeoutMs;
    const heartbeat = args.heartbeatMs ? setInterval(() => raw.write('\n'), args.heartbeatMs) : null;
    const stop = () => {
      finished = true;
      wake();
    };
    const unregister = args.registry.add(stop);
    request.raw.once('close', stop);
    raw.once('close', stop);
    let last = first;
    try {
      while (!finished && Date.now() < deadline) {
        if (!woken) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        woken = false;
        if (finished) break;
        last = await docs.changes(db, feedOptions);
        if (last.results.length > 0) break;
      }
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      unregister();
      request.raw.off('close', stop);
    }
    if (!raw.destroyed) raw.end(JSON.stringify(last));
  } catch (error) {
    if (!reply.sent && !reply.raw.headersSent) throw error;
    request.log.warn({ err: error }, 'longpoll changes failed after the response started');
    reply.raw.destroy();
  } finally {
    unsubscribe();
  }
}
