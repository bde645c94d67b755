import fs from 'node:fs';
import path from 'node:path';

/** Replaces `filePath` atomically: write a temp file, fsync it, rename over the target, fsync the directory. */
export async function writeFileAtomic(filePath: string, data: string | Buffer): Promise<void> {
  const tmp = `${filePath}.tmp`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    // A half-written temp file (ENOSPC) only holds space; the target is untouched.
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await fs.promises.rename(tmp, filePath);
  await syncDirectory(path.dirname(filePath));
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
