import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Runs the real `borderpost` bin as a child process: the path a user takes after `npm ci`.
const bin = path.resolve(__dirname, '..', 'bin', 'borderpost.js');

describe('borderpost bin', () => {
  it('exits 0 with help and 2 on a usage error', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: borderpost');

    const bad = spawnSync(process.execPath, [bin, '--no-such-flag'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stderr.trim())).toMatchObject({ error: { code: 'CLI_USAGE' } });
  });
});
