import type { ConsoleContext } from './context';

export interface ReportedListVersions {
  /** When the post said so. */
  reportedAt: string;
  /** list id → version the post checks travellers against. */
  versions: Record<string, number>;
  /** Where central learned it: a station's health report, or the newest crossing's checks. */
  source: 'health-report' | 'crossing';
}

function versionsOf(value: unknown): Record<string, number> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, number] => Number.isInteger(entry[1]) && (entry[1] as number) >= 1);
  return Object.fromEntries(entries);
}

/** The row of each post with the greatest `at` (tables of one row per station). */
function newestPerPost<T extends { post_id: string }>(rows: T[], at: (row: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const row of rows) {
    const seen = out.get(row.post_id);
    if (!seen || at(row) > at(seen)) out.set(row.post_id, row);
  }
  return out;
}

/**
 * Which alert-list versions each post holds, as it last told central: the newest of its stations' device-health
 * reports (each carries `listVersions`, written every 15 minutes and at start) and its newest crossing
 * (`checks.listVersions`, written when a traveller was checked). A post that checked nobody since a
 * publication still says what it holds through its health reports. With several stations the newest
 * report wins: stations of a post pull the same reference data. Both candidates come from tables of one
 * row per station (`sv_device_health`, `sv_station_latest`), read once for every post; then one read per post.
 */
export async function reportedListVersionsByPost(context: ConsoleContext, posts: { postId: string; database: string }[]): Promise<Map<string, ReportedListVersions>> {
  const health = newestPerPost(await context.sql.query<{ post_id: string; doc_id: string; reported_at: string }>('SELECT post_id, doc_id, reported_at FROM sv_device_health'), (row) => row.reported_at);
  const latest = newestPerPost(await context.sql.query<{ post_id: string; crossing_id: string; decided_at: string }>('SELECT post_id, crossing_id, decided_at FROM sv_station_latest'), (row) => row.decided_at);
  const out = new Map<string, ReportedListVersions>();
  for (const post of posts) {
    const report = health.get(post.postId);
    const crossing = latest.get(post.postId);
    if (!report && !crossing) continue;
    const docs = await context.docs.readLatest(post.database, [report?.doc_id, crossing?.crossing_id].filter((id): id is string => id !== undefined));
    const candidates: ReportedListVersions[] = [];
    const reported = report ? versionsOf(docs.get(report.doc_id)?.listVersions) : null;
    if (report && reported) candidates.push({ reportedAt: report.reported_at, versions: reported, source: 'health-report' });
    const checked = crossing ? versionsOf((docs.get(crossing.crossing_id)?.checks as { listVersions?: unknown } | undefined)?.listVersions) : null;
    if (crossing && checked) candidates.push({ reportedAt: crossing.decided_at, versions: checked, source: 'crossing' });
    const newest = candidates.sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))[0];
    if (newest) out.set(post.postId, newest);
  }
  return out;
}
