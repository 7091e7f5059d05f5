import { postDatabaseName } from '@borderpost/schemas';
import type { DocStore } from '../storage/doc-store';

export interface HitDetail {
  /** The matcher's English sentence (every crossing has it). */
  explanation: string | null;
  /** Why it matched as data, for the console to say in its language; null for crossings recorded before reasons. */
  reasons: unknown[] | null;
}

/**
 * The explanation and reasons of alert hits, read from their crossings (the `alert_hits` projection keeps
 * only what lists and counts need). One read per post database for the whole page of hits.
 */
export async function hitDetails(docs: DocStore, hits: { crossingId: string; hitIndex: number; postId: string }[]): Promise<Map<string, HitDetail>> {
  const out = new Map<string, HitDetail>();
  const byPost = new Map<string, Set<string>>();
  for (const hit of hits) byPost.set(hit.postId, (byPost.get(hit.postId) ?? new Set()).add(hit.crossingId));
  const crossings = new Map<string, Record<string, unknown>>();
  for (const [postId, ids] of byPost) {
    for (const [id, body] of await docs.readLatest(postDatabaseName(postId), [...ids])) crossings.set(id, body);
  }
  for (const hit of hits) {
    const checks = crossings.get(hit.crossingId)?.checks as { hits?: { explanation?: unknown; reasons?: unknown }[] } | undefined;
    const stored = checks?.hits?.[hit.hitIndex];
    out.set(`${hit.crossingId}#${hit.hitIndex}`, {
      explanation: typeof stored?.explanation === 'string' ? stored.explanation : null,
      reasons: Array.isArray(stored?.reasons) ? stored.reasons : null,
    });
  }
  return out;
}
