import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';

/** Where a command reads and writes; injected so commands run in-process in tests. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export const processIo: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

/** Machine output is JSON: one value per line (JSON Lines when a command streams several). */
export function writeJsonLine(out: Writable, value: unknown): void {
  out.write(JSON.stringify(value) + '\n');
}

export async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Yields lines of a stream as they arrive, for commands that stream JSON Lines in and out. Bytes are
 * decoded across chunk boundaries (a name's accented letter can be split between two reads), a
 * byte-order mark at the start is dropped (files saved by Windows tools carry one), and CRLF ends a
 * line like LF.
 */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let atStart = true;
  const take = (text: string): void => {
    pending += text;
    if (atStart && pending.length > 0) {
      if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
      atStart = false;
    }
  };
  for await (const chunk of input) {
    take(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  take(decoder.end());
  if (pending.length > 0) yield pending.replace(/\r$/, '');
}
