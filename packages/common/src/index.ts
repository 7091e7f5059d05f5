export { BorderpostError, toErrorData, type ErrorData } from './errors';
export { ok, err, capture, type Result } from './result';
export { seededRandom, pick, intBetween, type Rng } from './random';
