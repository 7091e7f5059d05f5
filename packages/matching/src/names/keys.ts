import { NAME_CLASSES } from './classes';
import { consonantSkeleton } from './skeleton';

/** Which equivalence class (its first spelling) a spelling belongs to, when listed. */
const classBySpelling = new Map<string, string>();
for (const members of NAME_CLASSES) {
  for (const spelling of members) classBySpelling.set(spelling, members[0]!);
}

/**
 * Index keys must be recall-first: a spelling not in any class must still meet its class. Classes and
 * skeletons are joined into groups with union-find (a class joins every skeleton of its members; two
 * classes sharing a skeleton, like MUHAMMAD and MAHMOUD on MHMD, share a group). The scorer, not the
 * key, tells such names apart.
 */
const parent = new Map<string, string>();
function find(x: string): string {
  let root = x;
  while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
  let node = x;
  while (node !== root) {
    const up = parent.get(node)!;
    parent.set(node, root);
    node = up;
  }
  return root;
}
function union(a: string, b: string): void {
  if (!parent.has(a)) parent.set(a, a);
  if (!parent.has(b)) parent.set(b, b);
  const ra = find(a);
  const rb = find(b);
  if (ra !== rb) parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
}
for (const members of NAME_CLASSES) {
  const classNode = `=${members[0]!}`;
  for (const spelling of members) union(classNode, `~${consonantSkeleton(spelling)}`);
}

export function nameClassOf(token: string): string | undefined {
  return classBySpelling.get(token);
}

/** The retrieval key of a (canonical, non-particle) token. */
export function tokenKey(token: string): string {
  const cls = classBySpelling.get(token);
  if (cls !== undefined) return find(`=${cls}`);
  const skeletonNode = `~${consonantSkeleton(token)}`;
  return parent.has(skeletonNode) ? find(skeletonNode) : skeletonNode;
}
