import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { BrokerError } from '../errors.js';

export interface ClusterIdentity {
  /** 22-character URL-safe base64 of 16 random bytes, like Kafka's cluster ids. */
  clusterId: string;
  nodeId: number;
}

/**
 * Loads the cluster id kept in `<dataDir>/cluster.json`, creating it on first start. A data directory
 * keeps its cluster id for life, so clients that cache it see the same cluster after a restart.
 */
export async function loadClusterIdentity(dataDir: string, nodeId: number): Promise<ClusterIdentity> {
  const file = path.join(dataDir, 'cluster.json');
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'clusterId' in parsed &&
      typeof parsed.clusterId === 'string'
    ) {
      return { clusterId: parsed.clusterId, nodeId };
    }
    throw new BrokerError('BRK_ERR_STORE_METADATA_CORRUPT', `${file} has no clusterId`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const identity = { clusterId: randomBytes(16).toString('base64url'), nodeId };
  await mkdir(dataDir, { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify({ clusterId: identity.clusterId }) + '\n');
  const fh = await open(tmp, 'r');
  await fh.sync();
  await fh.close();
  await rename(tmp, file);
  return identity;
}
