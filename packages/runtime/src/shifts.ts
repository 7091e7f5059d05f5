import { BorderpostError, ok } from '@borderpost/common';
import type { HandlerImplementations, Lane, ShiftInfo, ShiftOptions } from '@borderpost/contract';
import { newUlid } from '@borderpost/schemas';
import type { CaptureDb } from './capture';

/** Lanes when the post's settings name none: by the post's kind (an administrator sets `lanes` in `settings:post-<id>`). */
const DEFAULT_LANES: Record<'land' | 'air' | 'sea', Lane[]> = {
  land: [
    { laneId: 'pedestrian-1', name: 'Pedestrians', kind: 'pedestrian' },
    { laneId: 'vehicle-1', name: 'Cars', kind: 'vehicle' },
    { laneId: 'truck-1', name: 'Trucks', kind: 'truck' },
  ],
  air: [
    { laneId: 'air-1', name: 'Arrivals desk 1', kind: 'air' },
    { laneId: 'air-2', name: 'Departures desk 1', kind: 'air' },
  ],
  sea: [{ laneId: 'sea-1', name: 'Harbour', kind: 'sea' }],
};

const LANE_KINDS = new Set(['pedestrian', 'vehicle', 'bus', 'truck', 'air', 'sea', 'rail']);

function lanesFrom(value: unknown): Lane[] | null {
  if (!Array.isArray(value)) return null;
  const lanes = value.filter(
    (lane): lane is Lane => !!lane && typeof lane === 'object' && typeof (lane as Lane).laneId === 'string' && typeof (lane as Lane).name === 'string' && LANE_KINDS.has((lane as Lane).kind),
  );
  return lanes.length > 0 ? lanes : null;
}

/**
 * Shifts and lanes: the officer picks a lane of the station's post; crossings committed during the shift
 * carry it. The open shift lives in memory (a restart or sign-out ends it; the crossings are the record).
 */
export class ShiftService {
  private shift: ShiftInfo | null = null;

  constructor(
    private readonly o: { reference: CaptureDb; local: () => CaptureDb; postId: string; officerId: () => string | null },
  ) {}

  current(): ShiftInfo | null {
    if (this.shift && this.shift.officerId !== this.o.officerId()) this.shift = null; // another officer signed in
    return this.shift;
  }

  async options(): Promise<ShiftOptions> {
    const post = (await this.o.reference.get(`post:${this.o.postId}`).catch(() => null)) as { name?: string; kind?: 'land' | 'air' | 'sea' } | null;
    const settings = (await this.o.reference.get(`settings:post-${this.o.postId}`).catch(() => null)) as { values?: { lanes?: unknown } } | null;
    return { post: { postId: this.o.postId, name: post?.name ?? this.o.postId }, lanes: lanesFrom(settings?.values?.lanes) ?? DEFAULT_LANES[post?.kind ?? 'land'] };
  }

  handlers(): HandlerImplementations {
    return {
      'shift.options': async () => ok(await this.options()),
      'shift.start': async ({ postId, laneId }) => {
        if (postId !== this.o.postId) throw new BorderpostError('SHIFT_POST_NOT_ALLOWED', 'this station belongs to another post');
        if (!(await this.options()).lanes.some((lane) => lane.laneId === laneId)) throw new BorderpostError('SHIFT_UNKNOWN_LANE', `no lane ${String(laneId)}`);
        this.shift = { shiftId: `shift-${newUlid().toLowerCase()}`, postId, laneId, officerId: this.o.officerId() ?? 'unknown', startedAt: new Date().toISOString() };
        return ok(this.shift);
      },
      'shift.current': async () => ok(this.current()),
      'shift.end': async () => {
        const shift = this.current();
        if (!shift) throw new BorderpostError('SHIFT_NONE', 'no shift is open');
        const prefix = `crossing:${this.o.postId}:`;
        const rows = await this.o.local().allDocs({ include_docs: true, startkey: prefix, endkey: `${prefix}\uffff` });
        const mine = rows.rows
          .map((row) => row.doc as { shiftId?: string; decision: { outcome: string } } | undefined)
          .filter((doc): doc is { shiftId?: string; decision: { outcome: string } } => !!doc && doc.shiftId === shift.shiftId);
        this.shift = null;
        return ok({
          ...shift,
          endedAt: new Date().toISOString(),
          crossings: mine.length,
          referred: mine.filter((doc) => doc.decision.outcome === 'referred').length,
          refused: mine.filter((doc) => doc.decision.outcome === 'refused').length,
        });
      },
    };
  }
}
