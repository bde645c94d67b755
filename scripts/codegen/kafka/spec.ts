/**
 * The shape of Apache Kafka's JSON message schemas, and a strict loader: any key this generator does not
 * know makes it fail, so a schema bump that introduces a new concept cannot be silently mis-generated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';

export interface FieldSpec {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  default?: string | number | boolean;
  ignorable?: boolean;
  mapKey?: boolean;
  entityType?: string;
  zeroCopy?: boolean;
  flexibleVersions?: string;
  about?: string;
  fields?: FieldSpec[];
}

export interface StructSpec {
  name: string;
  versions: string;
  fields: FieldSpec[];
}

export interface MessageSpec {
  name: string;
  type: 'request' | 'response' | 'header';
  apiKey?: number;
  listeners?: string[];
  validVersions: string;
  deprecatedVersions?: string;
  flexibleVersions: string;
  latestVersionUnstable?: boolean;
  fields: FieldSpec[];
  commonStructs?: StructSpec[];
}

const MESSAGE_KEYS = new Set([
  'apiKey',
  'type',
  'listeners',
  'name',
  'validVersions',
  'deprecatedVersions',
  'flexibleVersions',
  'latestVersionUnstable',
  'fields',
  'commonStructs',
]);
const STRUCT_KEYS = new Set(['name', 'versions', 'fields']);
const FIELD_KEYS = new Set([
  'name',
  'type',
  'versions',
  'nullableVersions',
  'taggedVersions',
  'tag',
  'default',
  'ignorable',
  'mapKey',
  'entityType',
  'zeroCopy',
  'flexibleVersions',
  'about',
  'fields',
]);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(obj: Json, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) throw new Error(`${where}: unknown key "${key}"`);
  }
}

function str(obj: Json, key: string, where: string, optional = false): string | undefined {
  const v = obj[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new Error(`${where}: "${key}" must be a string`);
  return v;
}

function bool(obj: Json, key: string, where: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new Error(`${where}: "${key}" must be a boolean`);
  return v;
}

function fieldList(v: unknown, where: string): FieldSpec[] {
  if (!Array.isArray(v)) throw new Error(`${where}: "fields" must be an array`);
  return v.map((f, i) => validateField(f, `${where}.fields[${i}]`));
}

function validateField(v: unknown, where: string): FieldSpec {
  if (!isObject(v)) throw new Error(`${where}: field must be an object`);
  checkKeys(v, FIELD_KEYS, where);
  const name = str(v, 'name', where)!;
  const at = `${where} (${name})`;
  const field: FieldSpec = { name, type: str(v, 'type', at)!, versions: str(v, 'versions', at)! };
  const nullableVersions = str(v, 'nullableVersions', at, true);
  if (nullableVersions !== undefined) field.nullableVersions = nullableVersions;
  const taggedVersions = str(v, 'taggedVersions', at, true);
  if (taggedVersions !== undefined) field.taggedVersions = taggedVersions;
  const flexibleVersions = str(v, 'flexibleVersions', at, true);
  if (flexibleVersions !== undefined) field.flexibleVersions = flexibleVersions;
  const entityType = str(v, 'entityType', at, true);
  if (entityType !== undefined) field.entityType = entityType;
  if (v.tag !== undefined) {
    if (typeof v.tag !== 'number' || !Number.isInteger(v.tag) || v.tag < 0) {
      throw new Error(`${at}: "tag" must be a non-negative integer`);
    }
    field.tag = v.tag;
  }
  if ((field.tag === undefined) !== (field.taggedVersions === undefined)) {
    throw new Error(`${at}: "tag" and "taggedVersions" go together`);
  }
  if (v.default !== undefined) {
    const d = v.default;
    if (typeof d !== 'string' && typeof d !== 'number' && typeof d !== 'boolean') {
      throw new Error(`${at}: "default" must be a string, number or boolean`);
    }
    field.default = d;
  }
  for (const key of ['ignorable', 'mapKey', 'zeroCopy'] as const) {
    const b = bool(v, key, at);
    if (b !== undefined) field[key] = b;
  }
  if (v.about !== undefined) str(v, 'about', at);
  if (v.fields !== undefined) field.fields = fieldList(v.fields, at);
  return field;
}

/** Validates a parsed schema document. */
export function validateMessage(v: unknown, where: string): MessageSpec {
  if (!isObject(v)) throw new Error(`${where}: top level must be an object`);
  checkKeys(v, MESSAGE_KEYS, where);
  const type = str(v, 'type', where);
  if (type !== 'request' && type !== 'response' && type !== 'header') {
    throw new Error(`${where}: unknown message type "${type}"`);
  }
  const spec: MessageSpec = {
    name: str(v, 'name', where)!,
    type,
    validVersions: str(v, 'validVersions', where)!,
    flexibleVersions: str(v, 'flexibleVersions', where)!,
    fields: fieldList(v.fields, where),
  };
  if (type !== 'header') {
    if (typeof v.apiKey !== 'number' || !Number.isInteger(v.apiKey)) {
      throw new Error(`${where}: "apiKey" must be an integer`);
    }
    spec.apiKey = v.apiKey;
  }
  const unstable = bool(v, 'latestVersionUnstable', where);
  if (unstable !== undefined) spec.latestVersionUnstable = unstable;
  const deprecated = str(v, 'deprecatedVersions', where, true);
  if (deprecated !== undefined) spec.deprecatedVersions = deprecated;
  if (v.listeners !== undefined) {
    if (!Array.isArray(v.listeners) || !v.listeners.every((l) => typeof l === 'string')) {
      throw new Error(`${where}: "listeners" must be an array of strings`);
    }
    spec.listeners = v.listeners as string[];
  }
  if (v.commonStructs !== undefined) {
    if (!Array.isArray(v.commonStructs)) throw new Error(`${where}: "commonStructs" must be an array`);
    spec.commonStructs = v.commonStructs.map((s, i) => {
      const at = `${where}.commonStructs[${i}]`;
      if (!isObject(s)) throw new Error(`${at}: must be an object`);
      checkKeys(s, STRUCT_KEYS, at);
      return {
        name: str(s, 'name', at)!,
        versions: str(s, 'versions', at)!,
        fields: fieldList(s.fields, at),
      };
    });
  }
  return spec;
}

/** Reads and validates `<dir>/<name>.json`. */
export function loadMessage(specDir: string, name: string): MessageSpec {
  const file = join(specDir, `${name}.json`);
  const parsed: unknown = JSON5.parse(readFileSync(file, 'utf8'));
  const spec = validateMessage(parsed, `${name}.json`);
  if (spec.name !== name) throw new Error(`${name}.json: name is "${spec.name}"`);
  return spec;
}
