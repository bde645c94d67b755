import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROKER_NODE_FLAGS } from './node-flags.js';

const root = new URL('../', import.meta.url);

describe('broker node flags', () => {
  it('scripts/start.sh starts node with exactly these flags', () => {
    const script = readFileSync(new URL('scripts/start.sh', root), 'utf8');
    const line = script.split('\n').find((l) => l.startsWith('exec node '));
    expect(line).toBe(`exec node ${BROKER_NODE_FLAGS.join(' ')} dist/main.js start "$@"`);
  });

  it('bin/ferrymq.js starts node with exactly these flags', () => {
    const shebang = readFileSync(new URL('bin/ferrymq.js', root), 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${BROKER_NODE_FLAGS.join(' ')}`);
  });

  it('are accepted by this node on its command line', () => {
    const run = spawnSync(process.execPath, [...BROKER_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
