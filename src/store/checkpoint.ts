import fs from 'node:fs';
import path from 'node:path';
import { syncDirectory, writeFileAtomic } from './atomic-file.js';

/**
 * `<dataDir>/checkpoint.json`: how far the CommitLog is durable and indexed, and the per-queue offsets
 * that cannot be derived from the log. See docs/formats/store-metadata.md.
 */
export interface CheckpointData {
  version: 1;
  /** Every entry before this position is fsynced and present in the queue index files. */
  commitLogPosition: number;
  writtenAtMs: number;
  /** Segment base -> largest store timestamp in it (time retention after a restart). */
  segments: Record<string, number>;
  /** Topic id (hex) -> queue id -> [logStartOffset, nextOffset]. */
  queues: Record<string, Record<string, [number, number]>>;
}

export const CHECKPOINT_FILE = 'checkpoint.json';
export const CLEAN_SHUTDOWN_FILE = 'clean-shutdown';

/** The checkpoint, or undefined when missing or unreadable (recovery then scans the whole log). */
export function readCheckpointSync(dataDir: string): CheckpointData | undefined {
  const filePath = path.join(dataDir, CHECKPOINT_FILE);
  if (!fs.existsSync(filePath)) return undefined;
  try {
    const parsed = JSON.parse(fs.readFileSync(filePath, 'utf8')) as Partial<CheckpointData>;
    if (
      parsed.version !== 1 ||
      typeof parsed.commitLogPosition !== 'number' ||
      typeof parsed.segments !== 'object' ||
      typeof parsed.queues !== 'object'
    ) {
      return undefined;
    }
    return parsed as CheckpointData;
  } catch {
    return undefined;
  }
}

export function writeCheckpoint(dataDir: string, data: CheckpointData): Promise<void> {
  return writeFileAtomic(path.join(dataDir, CHECKPOINT_FILE), `${JSON.stringify(data)}\n`);
}

export function hasCleanShutdownMarker(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, CLEAN_SHUTDOWN_FILE));
}

export function writeCleanShutdownMarker(dataDir: string): Promise<void> {
  return writeFileAtomic(path.join(dataDir, CLEAN_SHUTDOWN_FILE), `${new Date().toISOString()}\n`);
}

/** Removes the marker (and makes the removal durable) before the store accepts writes. */
export async function removeCleanShutdownMarker(dataDir: string): Promise<void> {
  const filePath = path.join(dataDir, CLEAN_SHUTDOWN_FILE);
  if (!fs.existsSync(filePath)) return;
  await fs.promises.rm(filePath, { force: true });
  await syncDirectory(dataDir);
}
