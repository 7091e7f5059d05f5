// Minimal declarations for the PouchDB 9 internals the adapter reuses; they ship no types of their own.
// Only what this package calls is declared, loosely where PouchDB itself is loose.

declare module 'pouchdb-merge' {
  export interface RevTreeNodeOpts { status?: 'available' | 'missing'; deleted?: boolean }
  export type RevTreeNode = [string, RevTreeNodeOpts, RevTreeNode[]];
  export interface RevTreePath { pos: number; ids: RevTreeNode }
  export type RevTree = RevTreePath[];
  export interface DocMetadata { id: string; rev_tree: RevTree; rev?: string; winningRev?: string; deleted?: boolean; seq?: number; [k: string]: unknown }
  export function winningRev(metadata: { rev_tree: RevTree }): string;
  export function isDeleted(metadata: { rev_tree: RevTree }, rev?: string): boolean;
  export function collectConflicts(metadata: { rev_tree: RevTree }): string[];
  export function collectLeaves(revTree: RevTree): { rev: string; pos: number; opts: RevTreeNodeOpts }[];
  export function compactTree(metadata: { rev_tree: RevTree }): string[];
  export function latest(rev: string, metadata: { rev_tree: RevTree }): string;
  export function isLocalId(id: string): boolean;
  export function traverseRevTree(
    revTree: RevTree,
    callback: (isLeaf: boolean, pos: number, revHash: string, ctx: unknown, opts: RevTreeNodeOpts) => unknown,
  ): void;
}

declare module 'pouchdb-adapter-utils' {
  export function parseDoc(doc: object, newEdits: boolean, dbOpts?: object): any;
  export function processDocs(
    revLimit: number | undefined,
    docInfos: any[],
    api: any,
    fetchedDocs: Map<string, any>,
    tx: unknown,
    results: unknown[],
    writeDoc: (...args: any[]) => void,
    opts: object,
    overallCallback: () => void,
  ): void;
  export function allDocsKeysQuery(api: any, opts: any): Promise<any>;
}

declare module 'pouchdb-errors' {
  export interface PouchErrorTemplate { status: number; name: string; message: string }
  export const MISSING_DOC: PouchErrorTemplate;
  export const REV_CONFLICT: PouchErrorTemplate;
  export const NOT_OPEN: PouchErrorTemplate;
  export const BAD_ARG: PouchErrorTemplate;
  export const MISSING_STUB: PouchErrorTemplate;
  export const UNKNOWN_ERROR: PouchErrorTemplate;
  export function createError(template: PouchErrorTemplate, reason?: string): Error & { status: number; name: string; reason?: string };
}

declare module 'pouchdb-utils' {
  import type { EventEmitter } from 'node:events';
  export function filterChange(opts: any): (change: any) => boolean | object;
  export function uuid(): string;
  export class changesHandler extends EventEmitter {
    addListener(dbName: string, id: string, db: unknown, opts: unknown): this;
    removeListener(dbName: string, id: string): this;
    notify(dbName: string): void;
    removeAllListeners(dbName?: string): this;
  }
}

declare module 'pouchdb-adapter-leveldb' {
  const plugin: (PouchDB: any) => void;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: (PouchDB: any) => void;
  export default plugin;
}
declare module 'express-pouchdb' {
  const create: (PouchDB: any, options?: object) => (req: any, res: any) => void;
  export default create;
}
