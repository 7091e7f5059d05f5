import http from 'node:http';
import type { AddressInfo } from 'node:net';
import expressPouchdb from 'express-pouchdb';
import { TestPouch } from './pouch';

/**
 * A throwaway CouchDB-compatible endpoint for replication tests: express-pouchdb (PouchDB's own
 * server, `minimumForPouchDB` mode) over in-memory databases, on 127.0.0.1 with an ephemeral port.
 * It stands in for the central server, which is built separately in `apps/server`.
 */
export async function startCouchEndpoint(): Promise<{ url: string; close: () => Promise<void> }> {
  const ServerPouch = TestPouch.defaults({ adapter: 'memory' } as never);
  const app = expressPouchdb(ServerPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
