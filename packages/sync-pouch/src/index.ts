export { PouchReplicator, type PouchReplicatorOptions } from './replicator';
export { ByteMeter, remoteDatabase, type RemoteOptions } from './remote';
export type { PouchDatabase, PouchConstructor, PouchReplicationHandle, PouchReplicationInfo } from './pouch-types';
export { pouchWithReplication } from './pouchdb';
export { collectSince, exportBundle, importBundle, importDocs } from './bundle-io';
export { ClockOffsetEstimator, type ClockOffsetEstimate } from './clock-offset';
