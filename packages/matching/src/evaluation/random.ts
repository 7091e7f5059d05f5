import { pick, seededRandom, type Rng } from '@borderpost/common';

/** Evaluation sets are reproducible run to run (seeded mulberry32 from common). */
export { type Rng, pick };
export const seededRng = seededRandom;

/** Zipf-like pick: item i has weight 1/(i+1)^s, so a few names are very common (MOHAMED). */
export function zipfPicker<T>(items: readonly T[], s = 1): (rng: Rng) => T {
  const cumulative: number[] = [];
  let total = 0;
  items.forEach((_, i) => {
    total += 1 / Math.pow(i + 1, s);
    cumulative.push(total);
  });
  return (rng) => {
    const x = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}
