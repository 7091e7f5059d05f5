import type { ConsoleContext } from './context';

export interface ReportedListVersions {
  /** When the post said so. */
  reportedAt: string;
  /** list id → version the post checks travellers against. */
  versions: Record<string, number>;
  /** Where central learned it: a station's health report, or the newest crossing's checks. */
  source: 'health-report' | 'crossing';
}

async function readDoc(context: ConsoleContext, database: string, id: string): Promise<Record<string, unknown> | null> {
  const meta = await context.docs.getMeta(database, id);
  return meta ? ((await context.docs.readRevision(database, id, meta, meta.winningRev)) as Record<string, unknown> | null) : null;
}

function versionsOf(value: unknown): Record<string, number> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, number] => Number.isInteger(entry[1]) && (entry[1] as number) >= 1);
  return Object.fromEntries(entries);
}

/**
 * Which alert-list versions a post holds, as it last told central: the newest of its stations' device-health
 * reports (each carries `listVersions`, written every 15 minutes and at start) and its newest crossing
 * (`checks.listVersions`, written when a traveller was checked). A post that checked nobody since a
 * publication still says what it holds through its health reports. With several stations the newest
 * report wins: stations of a post pull the same reference data.
 */
export async function reportedListVersions(context: ConsoleContext, post: { postId: string; database: string }): Promise<ReportedListVersions | null> {
  const candidates: ReportedListVersions[] = [];
  const [health] = await context.sql.query<{ doc_id: string; reported_at: string }>('SELECT doc_id, reported_at FROM sv_device_health WHERE post_id = $1 ORDER BY reported_at DESC LIMIT 1', [post.postId]);
  if (health) {
    const versions = versionsOf((await readDoc(context, post.database, health.doc_id))?.listVersions);
    if (versions) candidates.push({ reportedAt: health.reported_at, versions, source: 'health-report' });
  }
  const [latest] = await context.sql.query<{ id: string; decided_at: string }>('SELECT id, decided_at FROM sv_crossings WHERE post_id = $1 ORDER BY decided_at DESC LIMIT 1', [post.postId]);
  if (latest) {
    const checks = (await readDoc(context, post.database, latest.id))?.checks as { listVersions?: unknown } | undefined;
    const versions = versionsOf(checks?.listVersions);
    if (versions) candidates.push({ reportedAt: latest.decided_at, versions, source: 'crossing' });
  }
  return candidates.sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))[0] ?? null;
}
