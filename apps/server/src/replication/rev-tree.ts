import crypto from 'node:crypto';
import { type RevNode, type RevPath, type RevTree, collectLeaves, isDeleted, latest, merge, revExists, rootToLeaf, winningRev } from 'pouchdb-merge';

/**
 * Revision trees exactly as PouchDB keeps them (pouchdb-merge), so the winner, conflicts and the
 * `_revisions` the server returns are the ones a PouchDB or CouchDB peer would compute.
 */
export type { RevTree };

/** How many revisions a document keeps before stemming (PouchDB's default). */
export const REVS_LIMIT = 1000;

const REV_PATTERN = /^([1-9]\d{0,8})-([0-9a-f]{1,64})$/;

export interface ParsedRev {
  pos: number;
  hash: string;
}

export function parseRev(rev: unknown): ParsedRev | null {
  if (typeof rev !== 'string') return null;
  const match = REV_PATTERN.exec(rev);
  return match ? { pos: Number(match[1]), hash: match[2] as string } : null;
}

export interface Revisions {
  start: number;
  ids: string[];
}

/**
 * The path a replicated revision brings (`_revisions`, newest first), as a pouchdb-merge path whose
 * leaf is available and ancestors missing. Null when `_rev`/`_revisions` are malformed or disagree.
 */
export function pathFromRevisions(rev: ParsedRev, revisions: unknown, deleted: boolean): RevPath | null {
  let ids: string[] = [rev.hash];
  let start = rev.pos;
  if (revisions !== undefined) {
    const r = revisions as Partial<Revisions>;
    if (typeof r !== 'object' || r === null || !Number.isInteger(r.start) || !Array.isArray(r.ids) || r.ids.length === 0) return null;
    if (r.ids.length > REVS_LIMIT * 10 || !r.ids.every((id) => typeof id === 'string' && /^[0-9a-f]{1,64}$/.test(id))) return null;
    if (r.start !== rev.pos || r.ids[0] !== rev.hash || (r.start as number) - r.ids.length < 0) return null;
    ids = r.ids as string[];
    start = r.start as number;
  }
  let node: RevNode = [ids[0] as string, deleted ? { status: 'available', deleted: true } : { status: 'available' }, []];
  for (const id of ids.slice(1)) node = [id, { status: 'missing' }, [node]];
  return { pos: start - ids.length + 1, ids: node };
}

/** A new revision on top of `parent` (interactive writes by central: new_edits true). */
export function nextRevision(parent: ParsedRev | null, body: unknown, deleted: boolean): { rev: ParsedRev; path: RevPath } {
  const pos = (parent?.pos ?? 0) + 1;
  const hash = crypto.createHash('md5').update(JSON.stringify(body)).update(crypto.randomBytes(8)).digest('hex');
  const leaf: RevNode = [hash, deleted ? { status: 'available', deleted: true } : { status: 'available' }, []];
  const ids: RevNode = parent ? [parent.hash, { status: 'available' }, [leaf]] : leaf;
  return { rev: { pos, hash }, path: { pos: parent ? parent.pos : 1, ids } };
}

export interface MergeOutcome {
  tree: RevTree;
  /** False when the revision was already in the tree (a replayed batch): nothing to write. */
  changed: boolean;
  stemmed: string[];
}

/**
 * Merges the path that brings `rev`. Whether anything changed is decided by whether `rev` was already
 * in the tree: pouchdb-merge reports a brand-new branch (a second root: a conflict from another
 * writer) as 'internal_node', the same as a replayed revision, so its verdict cannot be used here.
 */
export function mergePath(tree: RevTree | null, path: RevPath, rev: string): MergeOutcome {
  if (!tree) return { tree: [path], changed: true, stemmed: [] };
  if (revExists(tree, rev)) return { tree, changed: false, stemmed: [] };
  const result = merge(tree, path, REVS_LIMIT);
  return { tree: result.tree, changed: true, stemmed: result.stemmedRevs };
}

export function winner(tree: RevTree): { rev: string; deleted: boolean } {
  const rev = winningRev({ rev_tree: tree });
  return { rev, deleted: isDeleted({ rev_tree: tree }, rev) };
}

/** Leaves with the winner first (what `style=all_docs` lists). */
export function leaves(tree: RevTree): string[] {
  const win = winningRev({ rev_tree: tree });
  const all = collectLeaves(tree).map((leaf) => leaf.rev);
  return [win, ...all.filter((rev) => rev !== win)];
}

export function hasRevision(tree: RevTree, rev: string): boolean {
  return revExists(tree, rev);
}

/** The leaf `rev` leads to (for `latest=true`). */
export function latestLeaf(tree: RevTree, rev: string): string {
  // pouchdb-merge throws for a revision that is not in the tree; the caller then answers "missing".
  try {
    return latest(rev, { rev_tree: tree });
  } catch {
    return rev;
  }
}

/** `_revisions` for a revision: its ancestry back to the oldest revision still in the tree. */
export function revisionsOf(tree: RevTree, rev: string): Revisions | null {
  const parsed = parseRev(rev);
  if (!parsed) return null;
  for (const path of rootToLeaf(tree)) {
    const index = parsed.pos - path.pos;
    if (index >= 0 && index < path.ids.length && path.ids[index]?.id === parsed.hash) {
      return { start: parsed.pos, ids: path.ids.slice(0, index + 1).map((node) => node.id).reverse() };
    }
  }
  return null;
}

export function isLeafDeleted(tree: RevTree, rev: string): boolean {
  return isDeleted({ rev_tree: tree }, rev);
}
