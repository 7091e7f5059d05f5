import { stringify } from 'csv-stringify/sync';
import type { SqlExecutor } from '../storage/sql';

export type ReportKind = 'flows' | 'decisions' | 'transit' | 'hours';
export interface ReportQuery {
  from: string;
  to: string;
  postId?: string;
  /** Only travellers of this nationality (ICAO code, as on the document). */
  nationality?: string;
  /** transit: group by post, officer or station. */
  by?: 'post' | 'officer' | 'station';
}

export interface Report {
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * Reports as SQL over the console projection (index sv_crossings_report for flows and decisions):
 * - flows: crossings per day, post, direction and nationality;
 * - decisions: refusals and referrals per day, post and outcome;
 * - transit: mean and longest time per step (read, biometrics, checks, decision, total) per post,
 *   officer or station — where queues come from;
 * - hours: crossings and mean/longest total time per post and hour of the day (UTC, the station's clock)
 *   — when queues come: a peak hour whose times grow is a staffing question, not a device one.
 */
export async function runReport(sql: SqlExecutor, kind: ReportKind, query: ReportQuery): Promise<Report> {
  const params: unknown[] = [query.from, query.to];
  let postFilter = '';
  if (query.postId) {
    params.push(query.postId);
    postFilter = ` AND post_id = $${params.length}`;
  }
  if (query.nationality) {
    params.push(query.nationality);
    postFilter += ` AND nationality = $${params.length}`;
  }
  if (kind === 'flows') {
    const rows = await sql.query<{ day: string; post_id: string; direction: string; nationality: string; n: number }>(
      `SELECT day, post_id, direction, nationality, count(*) AS n FROM sv_crossings WHERE day >= $1 AND day <= $2${postFilter}
       GROUP BY day, post_id, direction, nationality ORDER BY day, post_id, direction, nationality`,
      params,
    );
    return { columns: ['day', 'post', 'direction', 'nationality', 'crossings'], rows: rows.map((r) => [r.day, r.post_id, r.direction, r.nationality, Number(r.n)]) };
  }
  if (kind === 'decisions') {
    const rows = await sql.query<{ day: string; post_id: string; outcome: string; n: number }>(
      `SELECT day, post_id, outcome, count(*) AS n FROM sv_crossings WHERE day >= $1 AND day <= $2${postFilter} AND outcome IN ('refused', 'referred')
       GROUP BY day, post_id, outcome ORDER BY day, post_id, outcome`,
      params,
    );
    return { columns: ['day', 'post', 'outcome', 'crossings'], rows: rows.map((r) => [r.day, r.post_id, r.outcome, Number(r.n)]) };
  }
  if (kind === 'hours') {
    // decided_at is ISO 8601 text on both backends: characters 12–13 are the hour.
    const rows = await sql.query<{ post_id: string; hour: string; n: number; total_ms: number | null; max_total_ms: number | null }>(
      `SELECT post_id, substr(decided_at, 12, 2) AS hour, count(*) AS n, avg(total_ms) AS total_ms, max(total_ms) AS max_total_ms
       FROM sv_crossings WHERE day >= $1 AND day <= $2${postFilter} GROUP BY post_id, substr(decided_at, 12, 2) ORDER BY post_id, hour`,
      params,
    );
    const seconds = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) / 100) / 10);
    return { columns: ['post', 'hour', 'crossings', 'mean_total_s', 'max_total_s'], rows: rows.map((r) => [r.post_id, r.hour, Number(r.n), seconds(r.total_ms), seconds(r.max_total_ms)]) };
  }
  const group = query.by === 'officer' ? 'post_id, officer_id' : query.by === 'station' ? 'post_id, station_id' : 'post_id';
  const rows = await sql.query<Record<string, string | number | null>>(
    `SELECT ${group}, count(*) AS n, avg(read_ms) AS read_ms, avg(biometrics_ms) AS biometrics_ms, avg(checks_ms) AS checks_ms, avg(decision_ms) AS decision_ms,
            avg(total_ms) AS total_ms, max(total_ms) AS max_total_ms
     FROM sv_crossings WHERE day >= $1 AND day <= $2${postFilter} GROUP BY ${group} ORDER BY ${group}`,
    params,
  );
  const keys = group.split(', ');
  const seconds = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) / 100) / 10);
  return {
    columns: [...keys.map((k) => k.replace('_id', '')), 'crossings', 'read_s', 'biometrics_s', 'checks_s', 'decision_s', 'mean_total_s', 'max_total_s'],
    rows: rows.map((r) => [...keys.map((k) => r[k] as string), Number(r.n), seconds(r.read_ms), seconds(r.biometrics_ms), seconds(r.checks_ms), seconds(r.decision_ms), seconds(r.total_ms), seconds(r.max_total_ms)]),
  };
}

/** RFC 4180 CSV through csv-stringify (quoting, embedded commas and line breaks handled there). */
export function reportCsv(report: Report): string {
  return stringify([report.columns, ...report.rows]);
}
