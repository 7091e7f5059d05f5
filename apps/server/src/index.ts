export { loadConfig, type ServerConfig } from './config';
export { startServer, type RunningServer } from './server';
export { buildApp, type AppOptions } from './app';
export { openStorage, type Storage } from './storage/open';
export { DocStore } from './storage/doc-store';
export { AccessStore, type Principal, type Role } from './auth/access-store';
export type { SqlDatabase, SqlExecutor, Dialect } from './storage/sql';
export { consoleProjectorOf } from './supervisor';
