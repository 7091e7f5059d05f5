import type { FastifyInstance } from 'fastify';
import type { AccessStore } from '../auth/access-store';
import type { DocStore } from '../storage/doc-store';
import type { SqlDatabase } from '../storage/sql';
import type { ConsoleContext } from './context';
import { ConsoleProjector } from './projector';
import { manageRoutes } from './routes-manage';
import { officerRoutes } from './routes-officers';
import { oversightRoutes } from './routes-oversight';
import { reconcileRoutes } from './routes-reconcile';
import { riskProfileRoutes } from './risk-profiles';
import { officerActivityRoutes } from './routes-officer-activity';
import { riskStatsRoutes } from './routes-risk-stats';
import { installConsoleAuth } from './session';
import { consoleStaticRoutes } from './static';

export { ConsoleProjector } from './projector';
export { ROLE_CAPABILITIES, type ConsoleRole, type Capability } from './roles';

const projectors = new WeakMap<SqlDatabase, ConsoleProjector>();

/** The console projection running over `sql` (tests wait on it with `catchUp()`). */
export function consoleProjectorOf(sql: SqlDatabase): ConsoleProjector {
  const projector = projectors.get(sql);
  if (!projector) throw new Error('no supervisor console registered over this storage');
  return projector;
}

/**
 * The supervisor console's API under /api/console (issue 9): its own authentication hook (bearer or
 * cookie + CSRF, roles supervisor/analyst/admin), projection, reconciliation queues, management and
 * reports. Registered by the app with one line; encapsulated, so its hook and cookie parser apply to
 * its own routes only.
 */
export async function supervisorConsole(app: FastifyInstance, options: { access: AccessStore; docs: DocStore; sql: SqlDatabase }): Promise<void> {
  const projector = new ConsoleProjector(options.sql, options.docs, app.log);
  const context: ConsoleContext = { ...options, projector };
  installConsoleAuth(app, options.access, options.sql);
  await oversightRoutes(app, context);
  await reconcileRoutes(app, context);
  await manageRoutes(app, context);
  await riskProfileRoutes(app, context);
  await riskStatsRoutes(app, context);
  await officerActivityRoutes(app, context);
  await officerRoutes(app, context);
  consoleStaticRoutes(app);
  projectors.set(options.sql, projector);
  app.addHook('onReady', async () => projector.start());
  app.addHook('onClose', async () => projector.stop());
}
