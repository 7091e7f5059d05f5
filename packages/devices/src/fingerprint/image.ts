/** An 8-bit greyscale fingerprint image as every scanner driver delivers it. */
export interface FingerImage {
  width: number;
  height: number;
  /** Pixels per inch of the sensor (ZFM/R30x/R503 modules: ~500). */
  dpi: number;
  /** Row-major, one byte per pixel, 0 = black ridge, 255 = white background. */
  pixels: Uint8Array;
  /** 0–100 where the device reports one (SBI: NFIQ 2.0 based); null where it does not (ZFM). */
  quality: number | null;
  /** Which device/protocol produced it, for the record and the trace. */
  source: string;
}

/** Seedable PRNG (mulberry32) so emulated images and travellers are reproducible in tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic fingerprint: ridges ~9 px apart (≈ 0.46 mm at 500 dpi, a typical ridge period) flowing
 * around a core, bent by low-frequency warps so no two seeds look alike, inside an elliptical finger
 * contact area with soft edges and light sensor noise. Not biometric data of anyone; it exists so that
 * emulators, the demo and image-handling code see something shaped like a real print.
 */
export function syntheticFingerprint(width: number, height: number, seed = 1): Uint8Array {
  const rand = seededRandom(seed);
  const pixels = new Uint8Array(width * height);
  const cx = width * (0.45 + rand() * 0.1);
  const cy = height * (0.4 + rand() * 0.15);
  const period = 8 + rand() * 2;
  const squash = 0.7 + rand() * 0.3;
  const warps = Array.from({ length: 3 }, () => ({ fx: 0.01 + rand() * 0.02, fy: 0.01 + rand() * 0.02, phase: rand() * Math.PI * 2, amp: 4 + rand() * 8 }));
  const loopStrength = 0.5 + rand();
  const rx = width * 0.44;
  const ry = height * 0.47;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = (y - cy) * squash;
      let warp = 0;
      for (const w of warps) warp += w.amp * Math.sin(x * w.fx + y * w.fy + w.phase);
      // Distance to the core plus a term that opens the rings into a loop below the core.
      const loop = dy > 0 ? loopStrength * dy * 0.6 : 0;
      const r = Math.sqrt(dx * dx + dy * dy) + loop + warp;
      const ridge = 0.5 + 0.5 * Math.cos((2 * Math.PI * r) / period);
      // Elliptical contact area: 1 inside, fading to 0 at the edge.
      const e = ((x - width / 2) / rx) ** 2 + ((y - height / 2) / ry) ** 2;
      const contact = e < 0.8 ? 1 : e > 1 ? 0 : (1 - e) / 0.2;
      const noise = (rand() - 0.5) * 30;
      const ink = contact * (ridge * 200);
      pixels[y * width + x] = clamp(245 - ink + noise);
    }
  }
  return pixels;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/**
 * A crude contrast-based quality estimate 0–100 (share of the centre with ridge/valley contrast). It is
 * NOT NFIQ; it exists so that a blank or smudged capture from a module that reports no quality is told
 * apart from a usable one.
 */
export function contrastQuality(image: Pick<FingerImage, 'width' | 'height' | 'pixels'>): number {
  const { width, height, pixels } = image;
  const block = 16;
  let blocks = 0;
  let good = 0;
  for (let by = Math.floor(height * 0.2); by + block <= height * 0.8; by += block) {
    for (let bx = Math.floor(width * 0.2); bx + block <= width * 0.8; bx += block) {
      let min = 255;
      let max = 0;
      for (let y = by; y < by + block; y++) {
        for (let x = bx; x < bx + block; x++) {
          const v = pixels[y * width + x]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      blocks += 1;
      if (max - min > 80) good += 1;
    }
  }
  return blocks === 0 ? 0 : Math.round((100 * good) / blocks);
}
