import { keyHash } from '@borderpost/matching';
import type { SqliteDatabase } from '@borderpost/sqlite';

/** Count row of a listed or travelling nationality (hashed like name keys, under a prefix no name key has). */
export const nationalityKey = (code: string): number => keyHash(`nationality:${code}`);
/** Count row of a (nationality, name part) pair: names go with countries (WANG with CHN, DIALLO with GIN). */
export const nationalityPartKey = (code: string, part: string): number => keyHash(`nationality:${code}:${part}`);
/** Count row holding the number of travellers recorded (name keys are 53-bit hashes, never 0 in practice). */
const TRAVELLERS_KEY = 0;

/** What one checked traveller adds to the counts: the name-part keys and the nationality. */
export interface TravellerCountKeys {
  partKeys: string[];
  nationality: string | null;
}

/**
 * How often name parts and nationalities occur among the travellers THIS post has checked.
 *
 * The alert index estimates how likely a match is a namesake. From the list alone it can only count
 * list entries; but what an alert costs is how many of the post's own travellers carry the name. A
 * consolidated list of a million persons is mostly names of other regions (Slavic, East Asian …),
 * which a post on the Guinea–Mali border rarely sees, while its own travellers' names (DIALLO,
 * TRAORE) are far commoner at the post than on the list. With these counts the namesake estimate
 * follows the post's travellers (see AlertIndex: `populationContext`).
 *
 * Only aggregate counts of name-part keys (spelling classes and consonant skeletons, hashed) and
 * nationalities are kept — no name, no date, no link to a crossing. They live beside the list
 * tables in the index database but are not derived from the lists: rebuilding the keys keeps them.
 */
export class TravellerFrequencies {
  private readonly s;
  private total: number | null = null;

  constructor(db: SqliteDatabase) {
    this.s = {
      add: db.prepare('INSERT INTO alert_traveller_counts (key, travellers) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET travellers = travellers + excluded.travellers'),
      get: db.prepare('SELECT travellers FROM alert_traveller_counts WHERE key = ?').pluck(),
      clear: db.prepare('DELETE FROM alert_traveller_counts'),
    };
  }

  /** Adds travellers to the counts (the caller runs this inside a transaction for many at once). */
  record(travellers: Iterable<TravellerCountKeys>): number {
    const pending = new Map<number, number>();
    const bump = (key: number): void => {
      pending.set(key, (pending.get(key) ?? 0) + 1);
    };
    let recorded = 0;
    for (const t of travellers) {
      const parts = [...new Set(t.partKeys)];
      if (parts.length === 0) continue;
      bump(TRAVELLERS_KEY);
      for (const part of parts) bump(keyHash(part));
      if (t.nationality !== null) {
        bump(nationalityKey(t.nationality));
        for (const part of parts) bump(nationalityPartKey(t.nationality, part));
      }
      recorded += 1;
    }
    for (const [key, delta] of pending) this.s.add.run(key, delta);
    this.total = null;
    return recorded;
  }

  /** Forgets every count (a post moved, or a technician resets the history). */
  clear(): void {
    this.s.clear.run();
    this.total = null;
  }

  /** Travellers recorded so far. */
  travellers(): number {
    this.total ??= (this.s.get.get(TRAVELLERS_KEY) as number | undefined) ?? 0;
    return this.total;
  }

  /** Travellers carrying this name-part key. */
  withPart(partKey: string): number {
    return (this.s.get.get(keyHash(partKey)) as number | undefined) ?? 0;
  }

  /** Travellers of this nationality. */
  withNationality(code: string): number {
    return (this.s.get.get(nationalityKey(code)) as number | undefined) ?? 0;
  }

  /** Travellers of this nationality carrying this name-part key. */
  withNationalityAndPart(code: string, partKey: string): number {
    return (this.s.get.get(nationalityPartKey(code, partKey)) as number | undefined) ?? 0;
  }
}
