import { BorderpostError } from '@borderpost/common';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Whether a post runtime has a station's data directory open: one file per running runtime in
 * `<dataDir>/running/` named after its process id. Offline tools that write the station's databases
 * behind the runtime's back (`borderpost post seed-history`) refuse while one is live: the runtime caches
 * what they would change (the alert index keeps its traveller total in memory).
 *
 * One file per runtime rather than one pid file, so a short-lived `post export-bundle` starting and
 * stopping beside a running station does not erase the station's mark. A file left by a crashed process
 * is ignored once that process is gone (signal 0), or when it was written before the machine last booted
 * (process ids are reused after a reboot — a power cut at a post is the usual crash).
 */
const RUNNING_DIR = 'running';
/** Boot times computed at two moments differ by rounding and clock steps; a reboot moves it by far more. */
const BOOT_TOLERANCE_MS = 120_000;

const bootedAt = (): number => Date.now() - os.uptime() * 1000;

/** Marks the directory as opened by this runtime; the returned function removes the mark. */
export function markStationRunning(dataDir: string): () => void {
  const dir = path.join(dataDir, RUNNING_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), bootedAt: bootedAt() }), { mode: 0o600 });
  return () => fs.rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sameBoot(file: string): boolean {
  try {
    const mark = JSON.parse(fs.readFileSync(file, 'utf8')) as { bootedAt?: unknown };
    return typeof mark.bootedAt === 'number' && Math.abs(mark.bootedAt - bootedAt()) < BOOT_TOLERANCE_MS;
  } catch {
    return true; // unreadable (being written): taken as live, the safe side
  }
}

/** Process ids of the live runtimes that have this data directory open (stale marks are removed). */
export function runningStationPids(dataDir: string): number[] {
  const dir = path.join(dataDir, RUNNING_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const pid = Number(/^(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    if (alive(pid) && sameBoot(path.join(dir, name))) pids.push(pid);
    else fs.rmSync(path.join(dir, name), { force: true });
  }
  return pids;
}

/** Throws RUNTIME_STATION_RUNNING when a live runtime has the directory open. */
export function assertStationStopped(dataDir: string): void {
  const pids = runningStationPids(dataDir);
  if (pids.length > 0) {
    throw new BorderpostError('RUNTIME_STATION_RUNNING', `the station in ${dataDir} is running (process ${pids.join(', ')}); stop it first`, { pids });
  }
}
