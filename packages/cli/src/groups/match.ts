import fs from 'node:fs';
import path from 'node:path';
import { BorderpostError } from '@borderpost/common';
import { ALERT_INDEX_COMPONENT, AlertIndex, KEY_ALGORITHM, buildIndexFile, importListFile } from '@borderpost/alert-index';
import { LIST_FORMATS, type ListOptions, assertNoRowErrors, sanitiseEntryId } from '@borderpost/matching';
import { type SqliteDatabase, openDatabase, schemaVersion } from '@borderpost/sqlite';
import type { CommandGroup } from '../group';
import { UsageError } from '../exit';
import { readLines, writeJsonLine } from '../io';
import { parseTraveller, recordTravellerLines } from '../traveller-lines';

interface BuildFlags {
  list: string;
  format: string;
  out: string;
  listId?: string;
  name?: string;
  listVersion?: string;
  threshold?: string;
  skipBadRows?: boolean;
  allowShrink?: boolean;
}

const DEFAULT_LIST_IDS: Record<string, string> = { 'un-xml': 'un-sc-consolidated', 'ofac-sdn': 'ofac-sdn' };

function listIdFor(flags: BuildFlags): string {
  if (flags.listId !== undefined) return flags.listId;
  const fromFormat = DEFAULT_LIST_IDS[flags.format];
  if (fromFormat !== undefined) return fromFormat;
  return sanitiseEntryId(path.basename(flags.list).replace(/\.[^.]*$/, '')) || 'list';
}

/** The JSON format may name its list and version itself; options given on the command line win. */
function jsonListHeader(file: string): { listId?: string; name?: string; version?: number; threshold?: number } {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof value.listId === 'string' ? { listId: value.listId } : {}),
      ...(typeof value.name === 'string' ? { name: value.name } : {}),
      ...(typeof value.version === 'number' ? { version: value.version } : {}),
      ...(typeof value.threshold === 'number' ? { threshold: value.threshold } : {}),
    };
  } catch {
    return {}; // the importer reports the bad file with its own code
  }
}

function existingVersion(indexPath: string, listId: string): number | null {
  if (!fs.existsSync(indexPath)) return null;
  const db = openDatabase(indexPath);
  try {
    return AlertIndex.open(db).stats().lists.find((l) => l.listId === listId)?.version ?? null;
  } finally {
    db.close();
  }
}

/**
 * `match query` opens the index read-only, so an index keyed by an older algorithm cannot be re-keyed
 * there; alert-index says so in its own words, the CLI names the command that does it.
 */
function openForQuery(db: SqliteDatabase, indexPath: string): AlertIndex {
  try {
    return AlertIndex.open(db);
  } catch (error) {
    if (!(error instanceof BorderpostError) || error.code !== 'MATCH_INDEX_STALE') throw error;
    // Quoted for a shell when the path needs it, so the command can be pasted as it is.
    const rekey = `borderpost match rekey --index ${/^[\w./:@+-]+$/.test(indexPath) ? indexPath : `'${indexPath.replace(/'/g, `'\\''`)}'`}`;
    throw new BorderpostError(
      'MATCH_INDEX_STALE',
      `${error.message}. Run \`${rekey}\` to do so (this program uses ${KEY_ALGORITHM})`,
      { ...error.details, rekey },
      { cause: error },
    );
  }
}

/** The key algorithm an index file's keys were made by (null: never recorded, an index older than the record). */
function storedKeyAlgorithm(db: SqliteDatabase): string | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alert_index_state'").get();
  if (!table) return null;
  return (db.prepare("SELECT value FROM alert_index_state WHERE name = 'key_algorithm'").pluck().get() as string | undefined) ?? null;
}

interface HistoryFlags {
  index: string;
  clear?: boolean;
  skipBadLines?: boolean;
}

/** An existing index file (a directory or a missing path gets MATCH_INDEX_NOT_FOUND, not an SQLite error). */
function requireIndexFile(file: string): void {
  if (!fs.existsSync(file)) throw new BorderpostError('MATCH_INDEX_NOT_FOUND', `no index at ${file}`);
  if (!fs.statSync(file).isFile()) throw new BorderpostError('MATCH_INDEX_NOT_FOUND', `${file} is not a file (give the index file made by \`borderpost match build\`)`);
}

/** `borderpost match build | query | history`: alert-list checks against an index file. */
export const matchGroup: CommandGroup = {
  name: 'match',
  description: 'Alert-list checks: build an index from a list file, check travellers against it, count a post\'s travellers for the namesake estimate',
  register(group, io) {
    group
      .command('build')
      .description('Import a list file into an index (created, or updated when it exists; a bad file changes nothing)')
      .requiredOption('--list <file>', 'list file (for ofac-sdn: sdn.csv, with alt.csv beside it)')
      .requiredOption('--format <format>', `list format: ${LIST_FORMATS.join(', ')}`)
      .requiredOption('--out <index>', 'index file (SQLite)')
      .option('--list-id <id>', 'list id (default: from the file or the format)')
      .option('--name <name>', 'list name shown to officers')
      .option('--list-version <n>', 'list version (default: the file\'s, else one more than the index holds)')
      .option('--threshold <score>', 'alert threshold for persons, 0..1 (default 0.8)')
      .option('--skip-bad-rows', 'import the good rows of a file with bad rows (default: refuse the file)')
      .option('--allow-shrink', 'accept a version with no entries, or with less than half the entries of the one it replaces (default: refuse, MATCH_LIST_EMPTY / MATCH_LIST_SHRINKS)')
      .action((flags: BuildFlags) => {
        if (!(LIST_FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format must be one of ${LIST_FORMATS.join(', ')}`);
        const header = flags.format === 'json' ? jsonListHeader(flags.list) : {};
        const listId = flags.listId ?? header.listId ?? listIdFor(flags);
        let version: number;
        if (flags.listVersion !== undefined) {
          if (!/^\d+$/.test(flags.listVersion) || Number(flags.listVersion) < 1) throw new UsageError('--list-version must be an integer ≥ 1');
          version = Number(flags.listVersion);
        } else {
          version = header.version ?? (existingVersion(flags.out, listId) ?? 0) + 1;
        }
        let threshold: number | undefined = header.threshold;
        if (flags.threshold !== undefined) {
          threshold = flags.threshold.trim() === '' ? NaN : Number(flags.threshold);
          if (!(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be a number from 0 to 1');
        }
        const options: ListOptions = { listId, version, ...(flags.name ?? header.name ? { name: flags.name ?? header.name } : {}), ...(threshold !== undefined ? { threshold } : {}) };
        const started = Date.now();
        const imported = importListFile(flags.list, flags.format, options);
        if (flags.skipBadRows !== true) assertNoRowErrors(imported);
        let result;
        if (fs.existsSync(flags.out)) {
          const db = openDatabase(flags.out);
          try {
            result = AlertIndex.open(db).replaceList(imported.list, imported.entries, { allowShrink: flags.allowShrink === true });
          } finally {
            db.close();
          }
        } else {
          result = buildIndexFile(flags.out, [{ list: imported.list, entries: imported.entries }], { allowShrink: flags.allowShrink === true });
        }
        const persons = imported.entries.filter((e) => e.type === 'alert-person').length;
        writeJsonLine(io.stdout, {
          index: flags.out,
          list: { listId, version, persons, documents: imported.entries.length - persons, threshold: imported.list.thresholds.person },
          removed: result.removed,
          issues: imported.issues,
          ms: Date.now() - started,
        });
      });

    group
      .command('query')
      .description('Read travellers as JSON Lines on stdin, print {"hits":[…]} per traveller, best first')
      .requiredOption('--index <index>', 'index file built by `match build`')
      .action(async (flags: { index: string }) => {
        requireIndexFile(flags.index);
        const db = openDatabase(flags.index, { readonly: true });
        let failed = 0;
        try {
          const index = openForQuery(db, flags.index);
          for await (const line of readLines(io.stdin)) {
            if (line.trim().length === 0) continue;
            try {
              const hits = index.query(parseTraveller(line));
              writeJsonLine(io.stdout, { hits: hits.map((h) => ({ id: h.id, score: h.score, kind: h.kind, explanation: h.explanation, instruction: h.instruction })) });
            } catch (error) {
              if (!(error instanceof BorderpostError)) throw error;
              failed += 1;
              // One line out per line in, so results stay aligned with the input.
              writeJsonLine(io.stdout, { hits: [], error: { code: error.code, message: error.message } });
            }
          }
        } finally {
          db.close();
        }
        if (failed > 0) throw new BorderpostError('MATCH_BAD_TRAVELLERS', `${failed} input line(s) were not travellers`);
      });

    group
      .command('rekey')
      .description(
        'Derive an index\'s name and document keys again when they were made by an older key algorithm (after an upgrade, `match query` refuses such an index with MATCH_INDEX_STALE); print {"keyAlgorithm","previousKeyAlgorithm","rederived","persons","ms"}',
      )
      .requiredOption('--index <index>', 'index file built by `match build`')
      .action((flags: { index: string }) => {
        requireIndexFile(flags.index);
        const started = Date.now();
        const db = openDatabase(flags.index);
        try {
          // Any SQLite file would be given the index's tables by AlertIndex.open: refuse one that is not an index.
          if (schemaVersion(db, ALERT_INDEX_COMPONENT) === 0) throw new BorderpostError('MATCH_INDEX_BAD', `${flags.index} is not an alert index`);
          const previous = storedKeyAlgorithm(db);
          // Opening read-write re-derives every key in one transaction when the algorithm changed.
          const index = AlertIndex.open(db);
          writeJsonLine(io.stdout, { keyAlgorithm: KEY_ALGORITHM, previousKeyAlgorithm: previous, rederived: previous !== KEY_ALGORITHM, persons: index.stats().persons, ms: Date.now() - started });
        } finally {
          db.close();
        }
      });

    group
      .command('history')
      .description('Count travellers read as JSON Lines on stdin (a post\'s past crossings) in the index\'s traveller history, which the namesake estimate follows; print {"recorded","travellers"}')
      .requiredOption('--index <index>', 'index file built by `match build`')
      .option('--clear', 'forget the travellers counted so far first')
      .option('--skip-bad-lines', 'count the good lines of an input with bad lines (default: count nothing)')
      .action(async (flags: HistoryFlags) => {
        requireIndexFile(flags.index);
        const db = openDatabase(flags.index);
        try {
          const index = AlertIndex.open(db);
          // A standalone index file, not a station's (that one is `post seed-history`).
          const clear = flags.clear === true ? () => index.clearTravellerHistory() : undefined;
          writeJsonLine(io.stdout, await recordTravellerLines(db, index, readLines(io.stdin), { ...(clear ? { clear } : {}), skipBadLines: flags.skipBadLines === true }));
        } finally {
          db.close();
        }
      });
  },
};
