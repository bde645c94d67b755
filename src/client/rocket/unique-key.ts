import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';

/**
 * UNIQ_KEY values in the shape Java's MessageClientIDSetter produces: 32 uppercase hex characters,
 * a per-process prefix (IPv4 4 bytes, pid 2 bytes, 4 random bytes) then the milliseconds since the
 * start of the current month (4 bytes) and a counter (2 bytes).
 */
export function localIPv4(): Buffer {
  for (const list of Object.values(networkInterfaces())) {
    for (const ni of list ?? []) {
      if (ni.family === 'IPv4' && !ni.internal) return Buffer.from(ni.address.split('.').map(Number));
    }
  }
  return Buffer.from([127, 0, 0, 1]);
}

export function ipString(ip: Buffer): string {
  return [...ip].join('.');
}

const prefix = (() => {
  const b = Buffer.alloc(10);
  localIPv4().copy(b, 0);
  b.writeUInt16BE(process.pid & 0xffff, 4);
  randomBytes(4).copy(b, 6);
  return b.toString('hex').toUpperCase();
})();

let counter = 0;
let monthStart = 0;
let monthEnd = 0;

function sinceMonthStart(now: number): number {
  if (now >= monthEnd || now < monthStart) {
    const d = new Date(now);
    monthStart = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
    monthEnd = new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
  }
  return now - monthStart;
}

export function createUniqueKey(now = Date.now()): string {
  const b = Buffer.alloc(6);
  b.writeUInt32BE(sinceMonthStart(now) >>> 0, 0);
  counter = (counter + 1) & 0xffff;
  b.writeUInt16BE(counter, 4);
  return prefix + b.toString('hex').toUpperCase();
}
