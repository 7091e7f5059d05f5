/**
 * Estimates central's clock minus ours from the `Date` header of central's HTTP answers during sync,
 * NTP-style: the server read its clock somewhere between our send and our receipt, so
 *   offset ≈ (serverDate + 500 ms) − (sent + received) / 2,
 * uncertain by ± (round trip / 2 + 500 ms) — the header has one-second resolution. On a 600 ms satellite
 * link that is ±0.8 s: plenty to flag a laptop whose clock is minutes or hours off, which is the point.
 * The sample with the smallest uncertainty in a run wins.
 */
export interface ClockOffsetEstimate {
  offsetMs: number;
  uncertaintyMs: number;
}

export class ClockOffsetEstimator {
  private best: ClockOffsetEstimate | null = null;

  /** One request: when we sent it, when its headers came back (our clock, ms), and its `Date` header. */
  sample(sentAt: number, receivedAt: number, dateHeader: string | null): void {
    if (!dateHeader || receivedAt < sentAt) return;
    const serverSecond = Date.parse(dateHeader);
    if (!Number.isFinite(serverSecond)) return;
    const estimate = {
      offsetMs: Math.round(serverSecond + 500 - (sentAt + receivedAt) / 2),
      uncertaintyMs: Math.round((receivedAt - sentAt) / 2 + 500),
    };
    if (!this.best || estimate.uncertaintyMs < this.best.uncertaintyMs) this.best = estimate;
  }

  estimate(): ClockOffsetEstimate | null {
    return this.best;
  }

  /** Starts a new measurement (each run measures afresh, so a corrected clock is noticed). */
  reset(): void {
    this.best = null;
  }
}
