import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertStationStopped, markStationRunning, runningStationPids } from './station-running';

describe('station running mark', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-running-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is held per runtime: one stopping leaves the other\'s mark', () => {
    expect(runningStationPids(dir)).toEqual([]);
    const first = markStationRunning(dir);
    const second = markStationRunning(dir);
    expect(runningStationPids(dir)).toEqual([process.pid, process.pid]);
    first();
    expect(() => assertStationStopped(dir)).toThrow(expect.objectContaining({ code: 'RUNTIME_STATION_RUNNING' }));
    second();
    expect(() => assertStationStopped(dir)).not.toThrow();
  });

  it('ignores and removes marks of a process that is gone or of an earlier boot', () => {
    const marks = path.join(dir, 'running');
    fs.mkdirSync(marks);
    // a pid above the Linux maximum (2^22) cannot be running
    fs.writeFileSync(path.join(marks, '99999999-00aa11bb'), JSON.stringify({ pid: 99999999, bootedAt: Date.now() - os.uptime() * 1000 }));
    // our own pid, but written before the machine booted (a pid reused after a power cut)
    fs.writeFileSync(path.join(marks, `${process.pid}-22cc33dd`), JSON.stringify({ pid: process.pid, bootedAt: Date.now() - os.uptime() * 1000 - 86_400_000 }));
    fs.writeFileSync(path.join(marks, 'not-a-mark'), '');
    expect(runningStationPids(dir)).toEqual([]);
    expect(fs.readdirSync(marks)).toEqual(['not-a-mark']);
  });
});
