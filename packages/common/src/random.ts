/** A seeded pseudo-random generator returning numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny, fast, seedable generator, so emulated travellers, images, fault scenarios and
 * evaluation sets replay exactly from a seed on every machine. Not for anything secret (use
 * `crypto.randomBytes` for tokens and keys).
 */
export function seededRandom(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One item of a non-empty list, chosen by `rng`. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** An integer in [min, max], both included. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
