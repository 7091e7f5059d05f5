// The seeded generator lives in @borderpost/common (one copy for the whole project); re-exported here
// because the proxy's public API has always offered it for replaying fault scenarios.
export { seededRandom } from '@borderpost/common';
