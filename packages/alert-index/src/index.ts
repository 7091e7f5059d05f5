export { AlertIndex, KEY_ALGORITHM, type AlertIndexOptions, type ApplyResult, type IndexStats } from './alert-index';
export { buildIndexFile, type BuildOptions, type ListSourceData } from './build';
export { importListFile } from './list-files';
export { COMPONENT as ALERT_INDEX_COMPONENT } from './schema';
export { provisionFromSnapshot } from './snapshot';
