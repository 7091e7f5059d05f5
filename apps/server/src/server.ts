import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import type { Projector } from './projections/projector';
import { type Storage, openStorage } from './storage/open';

export interface RunningServer {
  app: FastifyInstance;
  storage: Storage;
  projector: Projector;
  /** e.g. http://127.0.0.1:8420 */
  url: string;
  port: number;
  /** Graceful: stops accepting, answers longpolls, finishes in-flight writes, closes storage. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, options: { logStream?: NodeJS.WritableStream } = {}): Promise<RunningServer> {
  const storage = await openStorage(config);
  try {
    const { app, projector } = await buildApp({ config, storage, ...(options.logStream ? { logStream: options.logStream } : {}) });
    await app.listen({ port: config.port, host: config.host });
    projector.start();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    let closing: Promise<void> | null = null;
    return {
      app,
      storage,
      projector,
      port,
      url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
      close: () => {
        closing ??= (async () => {
          await app.close();
          await storage.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
