import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BrokerError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Keeps two broker processes off one data directory: `<dataDir>/ferrymq.lock` holds the owner's pid.
 * A lock left by a process that no longer runs (kill -9) is taken over.
 */
export class DataDirLock {
  private readonly file: string;
  private held = false;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'ferrymq.lock');
  }

  acquire(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(this.file, `${process.pid}\n`, { flag: 'wx' });
        this.held = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new BrokerError('BRK_ERR_STORE_IO', `cannot create ${this.file}`, { cause: err });
        }
      }
      const owner = Number.parseInt(readFileSync(this.file, 'utf8'), 10);
      if (Number.isSafeInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new BrokerError(
          'BRK_ERR_CONFIG_INVALID',
          `data directory ${path.dirname(this.file)} is in use by process ${owner}`,
        );
      }
      rmSync(this.file, { force: true });
    }
    throw new BrokerError('BRK_ERR_STORE_IO', `cannot take ${this.file}`);
  }

  release(): void {
    if (!this.held) return;
    rmSync(this.file, { force: true });
    this.held = false;
  }
}
