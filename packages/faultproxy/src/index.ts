export { startFaultProxy, type FaultProxy, type FaultProxyOptions, type FaultProxyStats } from './proxy';
export {
  type LinkConditions,
  type LinkConditionsPatch,
  type Direction,
  type PerDirection,
  type RandomCut,
  perfectLink,
  applyPatch,
} from './conditions';
export { seededRandom } from './random';
