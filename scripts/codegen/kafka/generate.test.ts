import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_DIR, generate } from './generate.js';
import { buildMessage } from './model.js';
import { validateMessage } from './spec.js';
import { parseVersions, versionCondition } from './versions.js';

const minimal = {
  apiKey: 1000,
  type: 'request',
  name: 'ExampleRequest',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [{ name: 'Value', type: 'int32', versions: '0+' }],
};

describe('versions', () => {
  it('parses the schema forms', () => {
    expect(parseVersions('3+', 'x')).toEqual({ lo: 3, hi: Infinity });
    expect(parseVersions('2-7', 'x')).toEqual({ lo: 2, hi: 7 });
    expect(parseVersions('5', 'x')).toEqual({ lo: 5, hi: 5 });
    expect(parseVersions('none', 'x')).toBeNull();
    expect(() => parseVersions('1..2', 'x')).toThrow(/cannot parse/);
  });

  it('folds conditions against the surrounding range', () => {
    const ctx = { lo: 0, hi: 11 };
    expect(versionCondition({ lo: 0, hi: Infinity }, ctx)).toBe('true');
    expect(versionCondition({ lo: 3, hi: Infinity }, ctx)).toBe('version >= 3');
    expect(versionCondition({ lo: 2, hi: 7 }, ctx)).toBe('version >= 2 && version <= 7');
    expect(versionCondition({ lo: 4, hi: 4 }, ctx)).toBe('version === 4');
    expect(versionCondition({ lo: 12, hi: Infinity }, ctx)).toBe('false');
    expect(versionCondition(null, ctx)).toBe('false');
  });
});

describe('spec validation', () => {
  it('accepts a minimal schema', () => {
    expect(validateMessage(minimal, 'x').name).toBe('ExampleRequest');
  });

  it('fails on unknown keys at every level', () => {
    expect(() => validateMessage({ ...minimal, surprise: 1 }, 'x')).toThrow(/unknown key "surprise"/);
    const badField = { ...minimal, fields: [{ name: 'V', type: 'int32', versions: '0+', sizeHint: 4 }] };
    expect(() => validateMessage(badField, 'x')).toThrow(/unknown key "sizeHint"/);
  });

  it('fails on unknown types, a tag without taggedVersions and bad defaults', () => {
    const withType = (f: object): object => ({ ...minimal, fields: [f] });
    expect(() =>
      buildMessage(validateMessage(withType({ name: 'V', type: 'int128', versions: '0+' }), 'x')),
    ).toThrow(/unknown type/);
    expect(() =>
      validateMessage(withType({ name: 'V', type: 'int32', versions: '0+', tag: 0 }), 'x'),
    ).toThrow(/go together/);
    const badDefault = withType({ name: 'V', type: 'int8', versions: '0+', default: '300' });
    expect(() => buildMessage(validateMessage(badDefault, 'x'))).toThrow(/out of range/);
    const nullDefault = withType({ name: 'V', type: 'string', versions: '0+', default: 'null' });
    expect(() => buildMessage(validateMessage(nullDefault, 'x'))).toThrow(/never nullable/);
  });

  it('never generates a latestVersionUnstable version', () => {
    const model = buildMessage(validateMessage({ ...minimal, latestVersionUnstable: true }, 'x'));
    expect(model.versions).toEqual({ lo: 0, hi: 2 });
  });
});

describe('generated output', () => {
  it('matches the committed files (run `npm run codegen` when this fails)', async () => {
    const files = await generate();
    const stale = [...files].filter(([name, text]) => {
      try {
        return readFileSync(join(OUTPUT_DIR, name), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    expect(stale.map(([name]) => name)).toEqual([]);
  });
});
