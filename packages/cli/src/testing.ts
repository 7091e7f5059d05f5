import { PassThrough, Readable } from 'node:stream';
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
