import { intBetween, pick, seededRandom, type Rng } from '@borderpost/common';

/** Examples are reproducible with `--seed` and distinct without it (seeded mulberry32 from common). */
export { type Rng, pick, intBetween };
export const seededRng = seededRandom;

