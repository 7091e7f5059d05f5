import type { SqliteDatabase } from '@borderpost/sqlite';

/**
 * Attachment bodies as chunk rows sized to SQLite's page geometry.
 *
 * Why: one BLOB row per attachment leaves the "local" part of the payload (anything between minLocal
 * ≈ 480 and maxLocal ≈ 4 KB) on a table leaf page, and leaves packed with local parts of random sizes
 * waste up to a page each; SQLCipher 4's 80-byte page reserve makes it worse (measured 1.06–1.09×).
 * Here every row is one of:
 * - an exact-fit chunk: payload = minLocal + k·(U − 4), so its local part is exactly minLocal and its
 *   k overflow pages are exactly full (U = usable page size = page size − reserve);
 * - a local piece: payload ≤ minLocal, all on the leaf.
 * Leaf cells are therefore all about minLocal bytes (only the last piece of each attachment is
 * smaller), which pack leaves evenly, and no overflow page is partly empty.
 *
 * Rows live in `docstore_attachment_chunks (id INTEGER PRIMARY KEY, body BLOB)` with
 * id = attachment id · 2^20 + chunk index, so an attachment's chunks are one rowid range (no extra
 * index) and new attachments append at the right edge of the B-tree (full leaves). Reading does not
 * depend on the sizes chosen at write time: chunks are concatenated in id order and checked against
 * the stored length, so a store whose geometry changed (rekey plain ↔ encrypted) stays readable.
 */

/** Chunk index bits in a chunk row id: 2^20 chunks per attachment (≥ 480 MB with the smallest pieces). */
export const CHUNK_INDEX_BITS = 20;
const CHUNKS_PER_ATTACHMENT = 2 ** CHUNK_INDEX_BITS;
/** Overflow pages of one full chunk (~128 KB): big enough that leaf cells are rare, small enough to stream. */
const MAX_OVERFLOW_PAGES = 31;

export interface PageGeometry {
  /** Usable bytes per page (page size minus the reserve the cipher keeps). */
  usable: number;
  /** SQLite's minLocal/maxLocal for table leaves (btree.c: `(U−12)·32/255 − 23`, `U − 35`). */
  minLocal: number;
  maxLocal: number;
  /** Payload bytes per overflow page (U − 4: each starts with the next page's number). */
  overflowBytes: number;
}

export function pageGeometry(usable: number): PageGeometry {
  return {
    usable,
    minLocal: Math.floor(((usable - 12) * 32) / 255) - 23,
    maxLocal: usable - 35,
    overflowBytes: usable - 4,
  };
}

/** Bytes of SQLite's varint for `value` (record header fields; < 2^28 here). */
function varintBytes(value: number): number {
  let bytes = 1;
  while (value >= 2 ** (7 * bytes) && bytes < 9) bytes += 1;
  return bytes;
}

/**
 * Record payload of a chunk row holding `n` body bytes: header (its own length byte, serial type 0
 * for the NULL stored in place of the INTEGER PRIMARY KEY, serial type 2n+12 of the BLOB), then the body.
 */
export function chunkPayload(n: number): number {
  return 2 + varintBytes(2 * n + 12) + n;
}

/** The largest body whose row payload is at most `payload` bytes. */
function bodyFor(payload: number): number {
  let n = payload - 2 - varintBytes(2 * payload + 12);
  while (n > 0 && chunkPayload(n + 1) <= payload) n += 1;
  while (n > 0 && chunkPayload(n) > payload) n -= 1;
  return Math.max(0, n);
}

/**
 * How an attachment of `length` bytes is laid out: body sizes of its chunk rows, and the tail (fewer
 * bytes than one leaf cell) kept in its `docstore_attachments` row. Every chunk row's leaf cell is
 * exactly one eighth of a leaf page, so leaves hold eight cells with nothing left over; the ragged
 * tail of each attachment goes with its small metadata row instead of breaking that packing.
 * `attachmentId` matters because the row id's varint length is part of the cell.
 */
export function chunkLayout(length: number, geometry: PageGeometry, attachmentId: number): { chunks: number[]; tail: number } {
  const { minLocal, maxLocal, overflowBytes, usable } = geometry;
  const rowidBytes = varintBytes(chunkRange(attachmentId)[0]);
  // Leaf cell = [payload size varint][rowid varint][local payload][4-byte overflow page number], plus
  // its 2-byte pointer in the page's cell array; a leaf has U − 8 bytes for cells and pointers.
  const cell = Math.floor((usable - 8) / 8);
  const clamp = (local: number) => Math.min(maxLocal, Math.max(minLocal, local));
  const chunkLocal = clamp(cell - 2 - 3 - rowidBytes - 4);
  const piecePayload = Math.min(maxLocal, cell - 2 - varintBytes(cell) - rowidBytes);
  const chunks: number[] = [];
  let left = length;
  const full = bodyFor(chunkLocal + MAX_OVERFLOW_PAGES * overflowBytes);
  while (left >= full) {
    chunks.push(full);
    left -= full;
  }
  // The rest that fills whole overflow pages goes into one exact-fit chunk.
  const pages = Math.floor((chunkPayload(left) - chunkLocal) / overflowBytes);
  if (pages >= 1) {
    const exact = bodyFor(chunkLocal + pages * overflowBytes);
    chunks.push(exact);
    left -= exact;
  }
  // Less than one overflow page is left: whole leaf cells, then the tail.
  const piece = bodyFor(piecePayload);
  while (left >= piece) {
    chunks.push(piece);
    left -= piece;
  }
  return { chunks, tail: left };
}

/**
 * The usable page size of the open database, measured rather than assumed: dbstat reports an empty
 * table leaf (the never-written `docstore_page_probe`) as U − 8 unused bytes, whatever reserve the
 * cipher in use keeps. Falls back to the page size (no reserve) if the probe is unavailable: the
 * layout then fits less well but stays correct.
 */
export function measureUsableSize(db: SqliteDatabase): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  try {
    const row = db.prepare("SELECT unused, ncell FROM dbstat WHERE name = 'docstore_page_probe'").get() as { unused: number; ncell: number } | undefined;
    const usable = row && row.ncell === 0 ? row.unused + 8 : undefined;
    // The reserve is one byte in the file header (0–255); anything else means the probe misread.
    if (usable !== undefined && usable <= pageSize && usable >= pageSize - 255) return usable;
  } catch {
    // dbstat missing from the build: fall through.
  }
  return pageSize;
}

/** First chunk row id of an attachment, and the first id past its range. */
export function chunkRange(attachmentId: number): [number, number] {
  return [attachmentId * CHUNKS_PER_ATTACHMENT, (attachmentId + 1) * CHUNKS_PER_ATTACHMENT];
}

/** Writes the chunk rows of attachment `attachmentId` (caller's transaction); returns the tail to keep in its row. */
export function writeChunks(attachmentId: number, bytes: Buffer, geometry: PageGeometry, insert: { run(...params: unknown[]): unknown }): Buffer {
  const { chunks: sizes, tail } = chunkLayout(bytes.length, geometry, attachmentId);
  if (sizes.length > CHUNKS_PER_ATTACHMENT) throw new Error(`attachment of ${bytes.length} bytes needs more than ${CHUNKS_PER_ATTACHMENT} chunks`);
  const [first] = chunkRange(attachmentId);
  let offset = 0;
  sizes.forEach((size, index) => {
    insert.run(first + index, bytes.subarray(offset, offset + size));
    offset += size;
  });
  return bytes.subarray(bytes.length - tail);
}
