import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { FileSecretStore } from '@borderpost/runtime-core';
import { run } from './main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON Lines. */
  lines: unknown[];
}

/** Runs `borderpost <argv>` in-process with `stdin` as input; for tests of command groups. */
export async function runCli(argv: string[], stdin = ''): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let errText = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (errText += chunk.toString('utf8')));
  const code = await run(argv, { stdin: Readable.from([stdin]), stdout, stderr });
  const lines = out
    .split('\n')
    .filter((line) => line.trim().startsWith('{') || line.trim().startsWith('['))
    .map((line) => JSON.parse(line) as unknown);
  return { code, stdout: out, stderr: errText, lines };
}

/**
 * Makes `data` an enrolled station's directory (post north-gate, station-1, central unreachable at
 * 127.0.0.1:9, as at a remote post) whose stores are encrypted with `key`; for tests of `post` commands.
 */
export async function writeEnrolledStation(data: string, key: Buffer): Promise<void> {
  await new FileSecretStore(path.join(data, 'station-secrets.json')).write({
    version: 1, serverUrl: 'http://127.0.0.1:9', stationId: 'station-1', postId: 'north-gate', stationName: 'Lane 1', token: 'token', databaseKey: key.toString('base64'), enrolledAt: new Date().toISOString(),
  });
}
