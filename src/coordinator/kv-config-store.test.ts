import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrokerError } from '../errors.js';
import { KV_CONFIG_FILE, KvConfigStore } from './kv-config-store.js';

let dir: string;

beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'ferrymq-kv-')), 'namesrv');
});

afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

async function openError(): Promise<BrokerError> {
  const err: unknown = await KvConfigStore.open(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BrokerError);
  return err as BrokerError;
}

describe('KvConfigStore', () => {
  it('puts, gets, lists and deletes, keeping an emptied namespace', async () => {
    const kv = await KvConfigStore.open(dir);
    expect(kv.get('ns', 'k')).toBeUndefined();
    expect(kv.list('ns')).toBeUndefined();
    expect(await kv.put('ns', 'k', 'v1')).toEqual({ status: 'ok' });
    await kv.put('ns', 'k', 'v2');
    await kv.put('ns', 'other', '');
    expect(kv.get('ns', 'k')).toBe('v2');
    expect(kv.get('ns', 'other')).toBe('');
    expect([...(kv.list('ns') ?? [])]).toEqual([
      ['k', 'v2'],
      ['other', ''],
    ]);
    await kv.delete('ns', 'k');
    await kv.delete('ns', 'missing');
    await kv.delete('no-such-ns', 'k');
    await kv.delete('ns', 'other');
    expect(kv.get('ns', 'k')).toBeUndefined();
    expect(kv.list('ns')?.size).toBe(0);
    expect(kv.list('no-such-ns')).toBeUndefined();
    await kv.close();
  });

  it('writes RocketMQ kvConfig.json layout and reads it back after a reopen', async () => {
    const kv = await KvConfigStore.open(dir);
    await kv.put('ORDER_TOPIC_CONFIG', 'T', 'broker-a:4');
    await kv.put('weird', '__proto__', 'x"y\n');
    await kv.close();
    const text = await readFile(path.join(dir, KV_CONFIG_FILE), 'utf8');
    expect(JSON.parse(text)).toEqual({
      configTable: { ORDER_TOPIC_CONFIG: { T: 'broker-a:4' }, weird: JSON.parse('{"__proto__":"x\\"y\\n"}') },
    });
    // Only the file and nothing left behind: no temp file, the lock released.
    expect((await readdir(dir)).sort()).toEqual([KV_CONFIG_FILE]);
    const again = await KvConfigStore.open(dir);
    expect(again.get('ORDER_TOPIC_CONFIG', 'T')).toBe('broker-a:4');
    expect(again.get('weird', '__proto__')).toBe('x"y\n');
    expect(again.get('weird', 'toString')).toBeUndefined();
    await again.close();
  });

  it('keeps concurrent writes in order: the file ends with every change', async () => {
    const kv = await KvConfigStore.open(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => kv.put('ns', `k${i}`, String(i))));
    await Promise.all([kv.delete('ns', 'k0'), kv.put('ns', 'k1', 'last')]);
    await kv.close();
    const table = (
      JSON.parse(await readFile(path.join(dir, KV_CONFIG_FILE), 'utf8')) as {
        configTable: { ns: Record<string, string> };
      }
    ).configTable.ns;
    expect(Object.keys(table)).toHaveLength(49);
    expect(table['k1']).toBe('last');
    expect(table['k49']).toBe('49');
  });

  it('accepts a file without configTable (RocketMQ writes null when empty)', async () => {
    await writeFile(path.join(await mkdirp(dir), KV_CONFIG_FILE), '{"configTable":null}');
    const kv = await KvConfigStore.open(dir);
    expect(kv.namespaces()).toEqual([]);
    await kv.close();
  });

  it.each([
    ['not JSON', '{"configTable":', 'not valid JSON'],
    ['empty', '', 'not valid JSON'],
    ['an array', '[]', 'expected a JSON object'],
    ['a bad table', '{"configTable":[1]}', 'configTable is not an object'],
    ['a bad namespace', '{"configTable":{"ns":"v"}}', 'configTable["ns"] is not an object'],
    ['a non-string value', '{"configTable":{"ns":{"k":1}}}', 'configTable["ns"]["k"] is not a string'],
  ])(
    'refuses a damaged file (%s) with BRK_ERR_NAMESRV_KV_CORRUPT, then releases the lock',
    async (_, content, why) => {
      await writeFile(path.join(await mkdirp(dir), KV_CONFIG_FILE), content);
      const err = await openError();
      expect(err.code).toBe('BRK_ERR_NAMESRV_KV_CORRUPT');
      expect(err.message).toContain(KV_CONFIG_FILE);
      expect(err.message).toContain(why);
      expect(await readdir(dir)).toEqual([KV_CONFIG_FILE]);
    },
  );

  it('refuses a file above the size cap, and a put that would pass it', async () => {
    const small = await KvConfigStore.open(dir, 100);
    expect(await small.put('ns', 'k', 'x'.repeat(50))).toEqual({ status: 'ok' });
    expect(await small.put('ns', 'k2', 'x'.repeat(50))).toEqual({ status: 'table-full', maxBytes: 100 });
    // Replacing a value with a shorter one still fits.
    expect(await small.put('ns', 'k', 'short')).toEqual({ status: 'ok' });
    expect(small.get('ns', 'k2')).toBeUndefined();
    await small.close();
    await writeFile(
      path.join(dir, KV_CONFIG_FILE),
      JSON.stringify({ configTable: { ns: { k: 'x'.repeat(200) } } }),
    );
    const err: unknown = await KvConfigStore.open(dir, 100).catch((e: unknown) => e);
    expect((err as BrokerError).code).toBe('BRK_ERR_NAMESRV_KV_CORRUPT');
  });

  it("keeps a second process off the directory (ferrymq.lock), and takes over a dead owner's lock", async () => {
    // Another live process (our parent) holds the directory: refused.
    await writeFile(path.join(await mkdirp(dir), 'ferrymq.lock'), `${process.ppid}\n`);
    const err = await openError();
    expect(err.code).toBe('BRK_ERR_CONFIG_INVALID');
    expect(err.message).toContain(String(process.ppid));
    // A lock left by a process that no longer runs is taken over.
    await writeFile(path.join(dir, 'ferrymq.lock'), '2147483646\n');
    const kv = await KvConfigStore.open(dir);
    expect(await readFile(path.join(dir, 'ferrymq.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await kv.close();
    expect(await readdir(dir)).toEqual([]);
  });
});

async function mkdirp(d: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(d, { recursive: true });
  return d;
}
