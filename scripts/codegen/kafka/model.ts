/**
 * Resolves a validated schema into the model the emitters walk: every struct named and prefixed, every
 * field with its version ranges already intersected with the versions its struct exists in, its TypeScript
 * type and its default.
 */
import { FIELD_ENCODING_OVERRIDES } from './overrides.js';
import type { FieldSpec, MessageSpec } from './spec.js';
import { covers, intersect, parseVersions, type VersionRange } from './versions.js';

export type Primitive =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'bytes'
  | 'uuid'
  | 'records';

const PRIMITIVES = new Set<string>([
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'bytes',
  'uuid',
  'records',
]);

/** What one value (a field, or one element of an array field) is. */
export type ValueType = { kind: 'primitive'; type: Primitive } | { kind: 'struct'; struct: StructModel };

export interface FieldModel {
  /** Schema name, e.g. "TopicData". */
  readonly name: string;
  /** TypeScript property, e.g. "topicData". */
  readonly prop: string;
  readonly isArray: boolean;
  /** The field itself when not an array; the element type of an array. */
  readonly value: ValueType;
  /** Versions in which the field is present (within its struct's versions). */
  readonly versions: VersionRange | null;
  /** Versions in which the field may be null (within `versions`). */
  readonly nullable: VersionRange | null;
  /** Versions in which the field uses compact encoding (message flexible versions unless overridden). */
  readonly compact: VersionRange | null;
  readonly tag: number | undefined;
  /** The TypeScript type of the property. */
  readonly tsType: string;
  /** A TypeScript expression for the default value. */
  readonly defaultExpr: string;
  /** The parsed default, for primitives (used in "is default" checks). */
  readonly defaultKind: 'null' | 'empty' | 'value';
}

export interface StructModel {
  /** Full TypeScript name, e.g. "ProduceRequestTopicProduceData" or "ProduceRequest". */
  readonly typeName: string;
  /** Versions in which this struct can appear. */
  readonly versions: VersionRange | null;
  readonly fields: FieldModel[];
  /** Set when the struct is encoded inside a tagged field (it then needs an "is default" check). */
  usedAsTagged: boolean;
}

export interface MessageModel {
  readonly spec: MessageSpec;
  readonly name: string;
  /** Versions generated: validVersions without an unstable latest version. */
  readonly versions: VersionRange;
  readonly flexible: VersionRange | null;
  readonly root: StructModel;
  /** Every struct, root first, in definition order. */
  readonly structs: StructModel[];
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function tsPrimitive(t: Primitive): string {
  switch (t) {
    case 'bool':
      return 'boolean';
    case 'int64':
      return 'bigint';
    case 'string':
      return 'string';
    case 'bytes':
    case 'uuid':
      return 'Buffer';
    case 'records':
      return 'Records';
    default:
      return 'number';
  }
}

const INT_RANGES: Partial<Record<Primitive, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** The default expression of a primitive field. */
function primitiveDefault(
  t: Primitive,
  raw: FieldSpec['default'],
  nullable: boolean,
  where: string,
): { expr: string; kind: FieldModel['defaultKind'] } {
  if (raw === 'null') {
    if (!nullable) throw new Error(`${where}: default null on a field that is never nullable`);
    return { expr: 'null', kind: 'null' };
  }
  if (raw === undefined) {
    switch (t) {
      case 'bool':
        return { expr: 'false', kind: 'value' };
      case 'int64':
        return { expr: '0n', kind: 'value' };
      case 'string':
        return { expr: "''", kind: 'empty' };
      case 'bytes':
        return { expr: 'Buffer.alloc(0)', kind: 'empty' };
      case 'uuid':
        return { expr: 'Buffer.alloc(16)', kind: 'empty' };
      case 'records':
        return { expr: 'null', kind: 'null' };
      default:
        return { expr: '0', kind: 'value' };
    }
  }
  const text = String(raw).trim();
  switch (t) {
    case 'bool':
      if (text !== 'true' && text !== 'false') throw new Error(`${where}: bad bool default "${text}"`);
      return { expr: text, kind: 'value' };
    case 'int64': {
      if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(text)) throw new Error(`${where}: bad int64 default "${text}"`);
      const neg = text.startsWith('-');
      const v = BigInt(neg ? text.slice(1) : text) * (neg ? -1n : 1n);
      if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new Error(`${where}: int64 default out of range`);
      return { expr: `${v}n`, kind: 'value' };
    }
    case 'string':
      return { expr: JSON.stringify(text), kind: text === '' ? 'empty' : 'value' };
    case 'float64': {
      const v = Number(text);
      if (!Number.isFinite(v)) throw new Error(`${where}: bad float64 default "${text}"`);
      return { expr: String(v), kind: 'value' };
    }
    default: {
      const range = INT_RANGES[t];
      if (range === undefined) throw new Error(`${where}: type ${t} cannot have a default`);
      if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(text)) throw new Error(`${where}: bad integer default "${text}"`);
      const neg = text.startsWith('-');
      const v = Number(neg ? text.slice(1) : text) * (neg ? -1 : 1);
      if (v < range[0] || v > range[1]) throw new Error(`${where}: default ${v} out of range for ${t}`);
      return { expr: String(v), kind: 'value' };
    }
  }
}

class Builder {
  readonly structs: StructModel[] = [];
  private readonly byType = new Map<string, StructModel>();
  private readonly common = new Map<string, { fields: FieldSpec[]; versions: VersionRange | null }>();

  constructor(
    private readonly spec: MessageSpec,
    validRange: VersionRange,
    private readonly flexible: VersionRange | null,
  ) {
    for (const s of spec.commonStructs ?? []) {
      if (this.common.has(s.name)) throw new Error(`${spec.name}: duplicate common struct ${s.name}`);
      const versions = intersect(parseVersions(s.versions, `${spec.name}.${s.name}`), validRange);
      this.common.set(s.name, { fields: s.fields, versions });
    }
  }

  struct(typeName: string, fields: FieldSpec[], versions: VersionRange | null): StructModel {
    const existing = this.byType.get(typeName);
    if (existing !== undefined) return existing;
    const model: StructModel = { typeName, versions, fields: [], usedAsTagged: false };
    this.byType.set(typeName, model);
    this.structs.push(model);
    const tags = new Set<number>();
    const props = new Set<string>();
    for (const f of fields) {
      const field = this.field(f, model, versions);
      if (props.has(field.prop)) throw new Error(`${typeName}: duplicate field ${field.prop}`);
      props.add(field.prop);
      if (field.tag !== undefined) {
        if (tags.has(field.tag)) throw new Error(`${typeName}: duplicate tag ${field.tag}`);
        tags.add(field.tag);
      }
      model.fields.push(field);
    }
    return model;
  }

  private field(f: FieldSpec, parent: StructModel, context: VersionRange | null): FieldModel {
    const where = `${this.spec.name}.${parent.typeName}.${f.name}`;
    const declared = parseVersions(f.versions, where);
    const versions = intersect(declared, context);
    const nullableDeclared =
      f.nullableVersions === undefined ? null : parseVersions(f.nullableVersions, where);
    const nullable = intersect(nullableDeclared, versions);
    const override = FIELD_ENCODING_OVERRIDES.find((o) => o.message === this.spec.name && o.field === f.name);
    const fieldFlexText = override?.flexibleVersions ?? f.flexibleVersions;
    const fieldFlex =
      fieldFlexText === undefined ? { lo: 0, hi: Infinity } : parseVersions(fieldFlexText, where);
    const compact = intersect(intersect(this.flexible, fieldFlex), versions);

    let tag: number | undefined;
    if (f.tag !== undefined) {
      const tagged = parseVersions(f.taggedVersions ?? '', where);
      if (!covers(this.flexible, intersect(tagged, context))) {
        throw new Error(`${where}: tagged versions outside the flexible versions`);
      }
      const same =
        (tagged === null && declared === null) ||
        (tagged !== null && declared !== null && tagged.lo === declared.lo && tagged.hi === declared.hi);
      if (!same) throw new Error(`${where}: taggedVersions differing from versions are not supported`);
      tag = f.tag;
    }

    const isArray = f.type.startsWith('[]');
    const base = isArray ? f.type.slice(2) : f.type;
    let value: ValueType;
    if (PRIMITIVES.has(base)) {
      if (f.fields !== undefined) throw new Error(`${where}: primitive type ${base} with fields`);
      if (isArray && base === 'records') throw new Error(`${where}: arrays of records are not supported`);
      value = { kind: 'primitive', type: base as Primitive };
    } else if (/^[A-Z][A-Za-z0-9]*$/.test(base)) {
      const common = this.common.get(base);
      const typeName = this.spec.name + base;
      let struct: StructModel;
      if (f.fields !== undefined) {
        if (common !== undefined)
          throw new Error(`${where}: struct ${base} defined inline and as a common struct`);
        if (this.byType.has(typeName)) throw new Error(`${where}: struct ${base} defined twice`);
        struct = this.struct(typeName, f.fields, versions);
      } else if (common !== undefined) {
        // A common struct is built once, for every version it declares, wherever it is used.
        if (!covers(common.versions, versions)) throw new Error(`${where}: used outside ${base}'s versions`);
        struct = this.struct(typeName, common.fields, common.versions);
      } else {
        throw new Error(`${where}: unknown struct type ${base}`);
      }
      value = { kind: 'struct', struct };
      if (tag !== undefined && !isArray) markTagged(value.struct);
    } else {
      throw new Error(`${where}: unknown type ${f.type}`);
    }

    if (nullable !== null && !isArray && value.kind === 'primitive') {
      if (!['string', 'bytes', 'records'].includes(value.type)) {
        throw new Error(`${where}: type ${value.type} cannot be nullable`);
      }
    }
    if (nullable !== null && !isArray && value.kind === 'struct') {
      throw new Error(`${where}: nullable struct fields are not supported`);
    }
    const nullSuffix = nullable !== null ? ' | null' : '';
    let tsType: string;
    let def: { expr: string; kind: FieldModel['defaultKind'] };
    if (isArray) {
      const elem = value.kind === 'struct' ? value.struct.typeName : tsPrimitive(value.type);
      tsType = `${elem}[]${nullSuffix}`;
      if (f.default !== undefined && f.default !== 'null')
        throw new Error(`${where}: arrays default only to null`);
      if (f.default === 'null' && nullable === null)
        throw new Error(`${where}: default null on non-nullable array`);
      def = f.default === 'null' ? { expr: 'null', kind: 'null' } : { expr: '[]', kind: 'empty' };
    } else if (value.kind === 'struct') {
      if (f.default !== undefined) throw new Error(`${where}: struct fields cannot have defaults`);
      tsType = value.struct.typeName;
      def = { expr: `create${value.struct.typeName}()`, kind: 'empty' };
    } else {
      tsType = value.type === 'records' ? 'Records' : `${tsPrimitive(value.type)}${nullSuffix}`;
      def = primitiveDefault(value.type, f.default, nullable !== null || value.type === 'records', where);
    }
    return {
      name: f.name,
      prop: camel(f.name),
      isArray,
      value,
      versions,
      nullable,
      compact,
      tag,
      tsType,
      defaultExpr: def.expr,
      defaultKind: def.kind,
    };
  }
}

function markTagged(s: StructModel): void {
  if (s.usedAsTagged) return;
  s.usedAsTagged = true;
  for (const f of s.fields) if (f.value.kind === 'struct' && !f.isArray) markTagged(f.value.struct);
}

/** Builds the model of one message. */
export function buildMessage(spec: MessageSpec): MessageModel {
  const valid = parseVersions(spec.validVersions, spec.name);
  if (valid === null || valid.hi === Infinity)
    throw new Error(`${spec.name}: validVersions must be a closed range`);
  // Never generate a version the schema marks as unstable.
  const versions = spec.latestVersionUnstable === true ? { lo: valid.lo, hi: valid.hi - 1 } : valid;
  if (versions.hi < versions.lo) throw new Error(`${spec.name}: no stable version`);
  const flexible = intersect(parseVersions(spec.flexibleVersions, spec.name), versions);
  const builder = new Builder(spec, versions, flexible);
  const root = builder.struct(spec.name, spec.fields, versions);
  return { spec, name: spec.name, versions, flexible, root, structs: builder.structs };
}

/** True when the struct appears in some flexible version (and so has a tagged-field section). */
export function hasTaggedSection(s: StructModel, m: MessageModel): boolean {
  return intersect(s.versions, m.flexible) !== null;
}
