/**
 * Build an output once across processes: jest runs the console's e2e files in parallel workers, and
 * each one wants a fresh bundle. Without coordination two workers ran `vite build` into the same
 * `dist/web` at once (vite empties the directory first), and a third served a half-written bundle.
 *
 * Here a lock file created with O_EXCL names the builder; the others wait for it, then find the
 * output fresh and return. The builder writes into a private directory and moves it into place with
 * renames, so a reader sees the old bundle or the new one, never a directory being filled. A lock left
 * by a process that died (its pid is gone, or the file is older than `staleMs`) is taken over.
 */
import fs from 'node:fs';

export interface BuildOnceOptions {
  /** The lock file (beside the output). */
  lockPath: string;
  /** True when the output is up to date: nothing to do. */
  isFresh(): boolean;
  /** Builds the output into `tempDir` (which does not exist yet). */
  build(tempDir: string): void;
  /** Where the output lives; replaced by the built directory. */
  outDir: string;
  /** Give up waiting for another builder after this long. */
  timeoutMs?: number;
  /** A lock file older than this is a dead builder's. */
  staleMs?: number;
  pollMs?: number;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock when its builder is gone. */
function dropStaleLock(lockPath: string, staleMs: number): void {
  let stat: fs.Stats;
  let pid = NaN;
  try {
    stat = fs.statSync(lockPath);
    pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
  } catch {
    return; // released meanwhile
  }
  const dead = Number.isInteger(pid) && pid > 0 ? !alive(pid) : Date.now() - stat.mtimeMs > staleMs;
  if (dead || Date.now() - stat.mtimeMs > staleMs) fs.rmSync(lockPath, { force: true });
}

/** Replaces `outDir` by `builtDir` with renames (a directory cannot be renamed over a non-empty one). */
function moveIntoPlace(builtDir: string, outDir: string): void {
  const old = `${outDir}.old-${process.pid}`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(builtDir, outDir);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Returns 'fresh' when nothing had to be built, 'built' when this process built the output. */
export function buildOnce(options: BuildOnceOptions): 'fresh' | 'built' {
  const { lockPath, isFresh, build, outDir, timeoutMs = 300_000, staleMs = 600_000, pollMs = 200 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isFresh()) return 'fresh';
    let fd: number;
    try {
      fd = fs.openSync(lockPath, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      dropStaleLock(lockPath, staleMs);
      if (Date.now() > deadline) throw new Error(`another process holds ${lockPath} for too long (remove it if no build is running)`);
      sleep(pollMs);
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      // Another builder may have finished between the freshness check and taking the lock.
      if (isFresh()) return 'fresh';
      const tempDir = `${outDir}.build-${process.pid}`;
      fs.rmSync(tempDir, { recursive: true, force: true });
      try {
        build(tempDir);
        moveIntoPlace(tempDir, outDir);
      } finally {
        fs.rmSync(tempDir, { recursive: true, force: true });
      }
      return 'built';
    } finally {
      fs.rmSync(lockPath, { force: true });
    }
  }
}
