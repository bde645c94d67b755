/**
 * Small file systems for the crash tests: a size-limited tmpfs (disk full), and an ext4 image on a loop
 * device whose backing file can be copied without a sync (a power-loss snapshot). Needs root; a mount
 * that fails throws with the reason, so that the test fails instead of being skipped.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Mounted {
  dir: string;
  unmount(): void;
}

function run(cmd: string, args: readonly string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

function need(what: string, fn: () => string): string {
  try {
    return fn();
  } catch (err) {
    throw new Error(
      `${what}: ${(err as Error).message}. The crash tests need root (mount, losetup); they run as root on the ` +
        'test machines and on CI.',
    );
  }
}

/** Mounts a tmpfs of `sizeBytes` on a fresh directory. */
export function mountTmpfs(sizeBytes: number, prefix: string): Mounted {
  const dir = fs.mkdtempSync(path.join(tmpdir(), prefix));
  need('mounting a tmpfs failed', () =>
    run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir]),
  );
  return {
    dir,
    unmount() {
      unmountQuietly(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function unmountQuietly(dir: string): void {
  for (let i = 0; i < 5; i++) {
    try {
      run('umount', [dir]);
      return;
    } catch {
      // still busy for a moment after a kill: retry, then lazily
    }
  }
  try {
    run('umount', ['-l', dir]);
  } catch {
    // not mounted
  }
}

/** Free bytes for an unprivileged writer on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

/**
 * Grows `file` until at most `leaveBytes` are free (0: until ENOSPC). Returns the bytes it holds.
 */
export function fillDisk(file: string, leaveBytes: number): number {
  const fd = fs.openSync(file, 'a');
  const chunk = Buffer.alloc(256 * 1024, 0xee);
  try {
    for (;;) {
      const free = freeBytes(path.dirname(file));
      const want = Math.min(chunk.length, free - leaveBytes);
      if (want <= 0) break;
      try {
        fs.writeSync(fd, chunk, 0, want);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
    if (leaveBytes === 0) {
      // The last pages: write small pieces until the file system refuses.
      const small = Buffer.alloc(512, 0xee);
      for (;;) {
        try {
          if (fs.writeSync(fd, small) < small.length) break;
        } catch {
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** An ext4 file system in an image file on a loop device, mounted on a fresh directory. */
export interface LoopMount extends Mounted {
  image: string;
  device: string;
}

/** Creates an ext4 image of `sizeBytes` in `workDir` and mounts it through a loop device. */
export function mountExt4Image(workDir: string, name: string, sizeBytes: number): LoopMount {
  const image = path.join(workDir, `${name}.img`);
  fs.writeFileSync(image, '');
  fs.truncateSync(image, sizeBytes);
  need('mkfs.ext4 failed', () => run('mkfs.ext4', ['-q', '-F', image]));
  return attachImage(image, path.join(workDir, name));
}

/** Mounts an existing ext4 image (replaying its journal, as after a power loss) through a loop device. */
export function attachImage(image: string, dir: string): LoopMount {
  fs.mkdirSync(dir, { recursive: true });
  const device = need('losetup failed', () => run('losetup', ['--find', '--show', image]));
  try {
    need('mounting the ext4 image failed', () => run('mount', ['-t', 'ext4', device, dir]));
  } catch (err) {
    run('losetup', ['-d', device]);
    throw err;
  }
  return {
    dir,
    image,
    device,
    unmount() {
      unmountQuietly(dir);
      try {
        run('losetup', ['-d', device]);
      } catch {
        // already detached
      }
    },
  };
}
