import { BorderpostError } from '@borderpost/common';

/** `up` is client → target (requests), `down` is target → client (responses). */
export type Direction = 'up' | 'down';

export interface PerDirection<T> {
  up: T;
  down: T;
}

export interface RandomCut {
  /** Chance that a new connection gets cut at all, 0..1. */
  probability: number;
  /** The cut falls after a uniformly chosen byte count in [minBytes, maxBytes] of `direction`. */
  minBytes: number;
  maxBytes: number;
  direction: Direction;
}

/** The state of the simulated link. Every field can be changed while the proxy runs. */
export interface LinkConditions {
  /** One-way delay per direction; round trip = up + down. */
  latencyMs: PerDirection<number>;
  /** Bytes per second per direction; null = unlimited. */
  bandwidthBytesPerSec: PerDirection<number | null>;
  /** Cut every connection after this many bytes in a direction (exactly that many get through); null = never. */
  cutAfterBytes: PerDirection<number | null>;
  /** Cut some connections at a seeded random point, e.g. mid-body. */
  randomCut: RandomCut | null;
  /** Link down: new connections are reset as soon as they are accepted. */
  linkDown: boolean;
}

export const perfectLink: LinkConditions = {
  latencyMs: { up: 0, down: 0 },
  bandwidthBytesPerSec: { up: null, down: null },
  cutAfterBytes: { up: null, down: null },
  randomCut: null,
  linkDown: false,
};

export interface LinkConditionsPatch {
  latencyMs?: Partial<PerDirection<number>>;
  bandwidthBytesPerSec?: Partial<PerDirection<number | null>>;
  cutAfterBytes?: Partial<PerDirection<number | null>>;
  randomCut?: RandomCut | null;
  linkDown?: boolean;
}

function bad(message: string, details: Record<string, unknown>): never {
  throw new BorderpostError('FAULTPROXY_BAD_CONFIG', message, details);
}

function checkNonNegative(name: string, value: unknown, allowNull: boolean): void {
  if (value === null && allowNull) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) bad(`${name} must be a non-negative number${allowNull ? ' or null' : ''}`, { [name]: value });
}

/** Applies a patch to conditions, refusing values that make no sense (negative delay, zero bandwidth…). */
export function applyPatch(current: LinkConditions, patch: LinkConditionsPatch): LinkConditions {
  const next: LinkConditions = {
    latencyMs: { ...current.latencyMs, ...patch.latencyMs },
    bandwidthBytesPerSec: { ...current.bandwidthBytesPerSec, ...patch.bandwidthBytesPerSec },
    cutAfterBytes: { ...current.cutAfterBytes, ...patch.cutAfterBytes },
    randomCut: patch.randomCut === undefined ? current.randomCut : patch.randomCut,
    linkDown: patch.linkDown ?? current.linkDown,
  };
  for (const direction of ['up', 'down'] as const) {
    checkNonNegative(`latencyMs.${direction}`, next.latencyMs[direction], false);
    checkNonNegative(`bandwidthBytesPerSec.${direction}`, next.bandwidthBytesPerSec[direction], true);
    if (next.bandwidthBytesPerSec[direction] === 0) bad('a bandwidth of 0 would stall forever; use linkDown instead', { direction });
    checkNonNegative(`cutAfterBytes.${direction}`, next.cutAfterBytes[direction], true);
  }
  const cut = next.randomCut;
  if (cut) {
    if (!(cut.probability >= 0 && cut.probability <= 1)) bad('randomCut.probability must be within 0..1', { probability: cut.probability });
    if (!Number.isInteger(cut.minBytes) || !Number.isInteger(cut.maxBytes) || cut.minBytes < 0 || cut.maxBytes < cut.minBytes) {
      bad('randomCut needs integers 0 <= minBytes <= maxBytes', { minBytes: cut.minBytes, maxBytes: cut.maxBytes });
    }
    if (cut.direction !== 'up' && cut.direction !== 'down') bad("randomCut.direction must be 'up' or 'down'", { direction: cut.direction });
  }
  if (typeof next.linkDown !== 'boolean') bad('linkDown must be a boolean', { linkDown: next.linkDown });
  return next;
}
