export { sqliteAdapter, SqlitePouch } from './adapter';
export { changeEncryptionKey, storeOf } from './store-access';
export type { SqliteStore } from './store';
export { ProjectionRunner, type Projection, type ProjectionChange, type ProjectionRunnerOptions } from './projections';
export { crossingsProjection, crossingsByDocument, crossingsByDate, type CrossingRow } from './crossings-projection';
export { sampleCrossing, SAMPLE_ATTACHMENT_SIZES } from './sample-crossing';
export { DocstorePouch, openDocstore, inspectDocstore, type OpenDocstoreOptions, type DocstoreReport } from './open';
export { purgeLocal, type PurgeResult } from './purge';
