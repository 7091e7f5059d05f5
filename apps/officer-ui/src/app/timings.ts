/**
 * Latency samples the end-to-end test reads (`window.__borderpostTimings`): from the reader's last byte
 * reaching the UI to the filled form with the alert result painted.
 */
export interface TimingSample {
  name: string;
  ms: number;
}

declare global {
  interface Window {
    __borderpostTimings?: TimingSample[];
  }
}

export function recordTiming(name: string, ms: number): void {
  if (typeof window === 'undefined') return;
  (window.__borderpostTimings ??= []).push({ name, ms });
}
