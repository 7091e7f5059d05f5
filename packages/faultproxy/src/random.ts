/**
 * A tiny seeded generator (mulberry32) so a fault scenario ("cut somewhere in the body") replays exactly
 * from its seed. Not for anything secret. Written here rather than pulled in: it is eight lines and the
 * proxy must not depend on a test-only package at run time.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
