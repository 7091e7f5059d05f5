// pouchdb-merge ships no types; these cover the functions the server uses.
declare module 'pouchdb-merge' {
  export interface RevOpts {
    status?: 'available' | 'missing';
    deleted?: boolean;
  }
  export type RevNode = [string, RevOpts, RevNode[]];
  export interface RevPath {
    pos: number;
    ids: RevNode;
  }
  export type RevTree = RevPath[];
  export interface Metadata {
    id?: string;
    rev_tree: RevTree;
  }
  export function merge(tree: RevTree, path: RevPath, depth: number): { tree: RevTree; stemmedRevs: string[]; conflicts: 'new_leaf' | 'new_branch' | 'internal_node' };
  export function winningRev(metadata: Metadata): string;
  export function collectLeaves(tree: RevTree): { rev: string; pos: number; opts: RevOpts }[];
  export function collectConflicts(metadata: Metadata): string[];
  export function isDeleted(metadata: Metadata, rev?: string): boolean;
  export function revExists(tree: RevTree, rev: string): boolean;
  export function rootToLeaf(tree: RevTree): { pos: number; ids: { id: string; opts: RevOpts }[] }[];
  export function latest(rev: string, metadata: Metadata): string;
}
