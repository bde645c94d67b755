/**
 * Emits the decode and encode functions of one struct: straight-line code with explicit
 * `if (version …)` branches, one statement per field, no runtime interpretation of the schema.
 */
import {
  hasTaggedSection,
  type FieldModel,
  type MessageModel,
  type Primitive,
  type StructModel,
} from './model.js';
import { versionCondition, type VersionRange } from './versions.js';

const RESERVED = new Set([
  'r',
  'w',
  'm',
  'version',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'let',
  'static',
  'yield',
  'await',
]);

/** A local variable name for a field, never clashing with keywords or the generated code's own names. */
export function localName(prop: string): string {
  return RESERVED.has(prop) ? `${prop}_` : prop;
}

/** `cond ? a : b`, folded when the condition is constant. */
function tern(cond: string, a: string, b: string): string {
  if (cond === 'true') return a;
  if (cond === 'false') return b;
  return `(${cond} ? ${a} : ${b})`;
}

/** `if (cond) { a } else { b }`, folded when the condition is constant. */
function branch(cond: string, a: string, b: string): string {
  if (cond === 'true') return a;
  if (cond === 'false') return b;
  if (b === '') return `if (${cond}) {\n${a}\n}`;
  return `if (${cond}) {\n${a}\n} else {\n${b}\n}`;
}

const FIXED_READ: Partial<Record<Primitive, string>> = {
  bool: 'readBool',
  int8: 'readInt8',
  int16: 'readInt16',
  uint16: 'readUInt16',
  int32: 'readInt32',
  uint32: 'readUInt32',
  int64: 'readInt64',
  float64: 'readFloat64',
  uuid: 'readUuid',
};

const FIXED_WRITE: Partial<Record<Primitive, string>> = {
  bool: 'writeBool',
  int8: 'writeInt8',
  int16: 'writeInt16',
  uint16: 'writeUInt16',
  int32: 'writeInt32',
  uint32: 'writeUInt32',
  int64: 'writeInt64',
  float64: 'writeFloat64',
  uuid: 'writeUuid',
};

const FIXED_SIZE: Partial<Record<Primitive, number>> = {
  bool: 1,
  int8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  float64: 8,
  uuid: 16,
};

/** Method stems for the length-prefixed types: [classic, compact]. */
function lengthPrefixed(t: Primitive): [string, string] | undefined {
  if (t === 'string') return ['String', 'CompactString'];
  if (t === 'bytes' || t === 'records') return ['Bytes', 'CompactBytes'];
  return undefined;
}

function nullableStem(stem: string): string {
  return stem.startsWith('Compact') ? `CompactNullable${stem.slice(7)}` : `Nullable${stem}`;
}

interface Ctx {
  /** Condition (in the field's own versions) for compact encoding. */
  compact: string;
  /** Condition (in the field's own versions) for null being allowed. */
  nullable: string;
  path: string;
}

function fieldCtx(f: FieldModel, owner: StructModel): Ctx {
  return {
    compact: versionCondition(f.compact, f.versions),
    nullable: versionCondition(f.nullable, f.versions),
    path: JSON.stringify(`${owner.typeName}.${f.prop}`),
  };
}

// ---------------------------------------------------------------- decode

function readScalar(f: FieldModel, c: Ctx): string {
  if (f.value.kind === 'struct') return `decode${f.value.struct.typeName}(r, version)`;
  const t = f.value.type;
  const fixed = FIXED_READ[t];
  if (fixed !== undefined) return `r.${fixed}(${c.path})`;
  const [classic, compact] = lengthPrefixed(t)!;
  const call = (stem: string): string => `r.read${stem}(${c.path})`;
  return tern(
    c.compact,
    tern(c.nullable, call(nullableStem(compact)), call(compact)),
    tern(c.nullable, call(nullableStem(classic)), call(classic)),
  );
}

function readElement(f: FieldModel, c: Ctx): string {
  if (f.value.kind === 'struct') return `decode${f.value.struct.typeName}(r, version)`;
  const t = f.value.type;
  const fixed = FIXED_READ[t];
  if (fixed !== undefined) return `r.${fixed}(${c.path})`;
  const [classic, compact] = lengthPrefixed(t)!;
  return tern(c.compact, `r.read${compact}(${c.path})`, `r.read${classic}(${c.path})`);
}

function elementMinSize(f: FieldModel, c: Ctx): string {
  if (f.value.kind === 'struct') return '1';
  const fixed = FIXED_SIZE[f.value.type];
  if (fixed !== undefined) return String(fixed);
  return tern(c.compact, '1', f.value.type === 'string' ? '2' : '4');
}

function elementType(f: FieldModel): string {
  return f.tsType.replace(/\[\]( \| null)?$/, '');
}

/** Statements decoding field `f` into the existing variable `target`. */
function decodeInto(f: FieldModel, owner: StructModel, target: string): string {
  const c = fieldCtx(f, owner);
  if (!f.isArray) return `${target} = ${readScalar(f, c)};`;
  const min = elementMinSize(f, c);
  const len = tern(
    c.compact,
    `r.readCompactArrayLength(${c.path}, ${min})`,
    `r.readArrayLength(${c.path}, ${min})`,
  );
  const onNull = branch(
    c.nullable,
    `${target} = null;`,
    `throw r.error(${c.path}, 'null array in version ' + version);`,
  );
  return [
    '{',
    `const _n = ${len};`,
    `if (_n < 0) {`,
    onNull,
    '} else {',
    `const _a: ${elementType(f)}[] = [];`,
    `for (let _i = 0; _i < _n; _i++) _a.push(${readElement(f, c)});`,
    `${target} = _a;`,
    '}',
    '}',
  ].join('\n');
}

function unknownPush(path: string): string {
  return `(m.unknownTaggedFields ??= []).push({ tag: _tag, data: r.readRaw(_size, ${path}) });`;
}

export function emitDecode(s: StructModel, msg: MessageModel, exported: boolean): string {
  const ctx = s.versions;
  const out: string[] = [];
  const regular = s.fields.filter((f) => f.tag === undefined);
  const tagged = s.fields.filter((f) => f.tag !== undefined).sort((a, b) => a.tag! - b.tag!);
  out.push(
    `${exported ? 'export ' : ''}function decode${s.typeName}(r: Reader, version: number): ${s.typeName} {`,
  );
  for (const f of regular) {
    const name = localName(f.prop);
    const cond = versionCondition(f.versions, ctx);
    if (cond === 'false') {
      out.push(`const ${name}: ${f.tsType} = ${f.defaultExpr};`);
    } else if (cond === 'true' && !f.isArray) {
      out.push(`const ${name}: ${f.tsType} = ${readScalar(f, fieldCtx(f, s))};`);
    } else if (cond === 'true') {
      out.push(`let ${name}: ${f.tsType};`, decodeInto(f, s, name));
    } else {
      out.push(`let ${name}: ${f.tsType} = ${f.defaultExpr};`, `if (${cond}) {`, decodeInto(f, s, name), '}');
    }
  }
  const props = s.fields.map((f) => {
    if (f.tag !== undefined) return `${f.prop}: ${f.defaultExpr}`;
    const name = localName(f.prop);
    return name === f.prop ? name : `${f.prop}: ${name}`;
  });
  out.push(`const m: ${s.typeName} = { ${props.join(', ')} };`);
  if (hasTaggedSection(s, msg)) {
    const flex = versionCondition(msg.flexible, ctx);
    const path = JSON.stringify(`${s.typeName}._tagged`);
    const body: string[] = [];
    if (tagged.length === 0) {
      body.push(
        `const _tf = r.readTaggedFields(${path});`,
        'if (_tf !== undefined) m.unknownTaggedFields = _tf;',
      );
    } else {
      body.push(
        `const _count = r.readTaggedFieldCount(${path});`,
        'for (let _t = 0; _t < _count; _t++) {',
        `const _tag = r.readUnsignedVarint(${path});`,
        `const _size = r.readTaggedFieldSize(${path});`,
        'const _end = r.offset + _size;',
        'switch (_tag) {',
      );
      for (const f of tagged) {
        const cond = versionCondition(f.versions, ctx);
        body.push(
          `case ${f.tag}: {`,
          branch(cond, decodeInto(f, s, `m.${f.prop}`), unknownPush(path)),
          'break;',
          '}',
        );
      }
      body.push('default:', unknownPush(path), '}');
      body.push(
        `if (r.offset !== _end) throw r.error(${path}, 'tagged field ' + _tag + ' does not match its size ' + _size);`,
        '}',
      );
    }
    out.push(branch(flex, body.join('\n'), ''));
  }
  out.push('return m;', '}');
  return out.join('\n');
}

// ---------------------------------------------------------------- encode

function writeScalar(f: FieldModel, c: Ctx, v: string, w: string): string {
  if (f.value.kind === 'struct') return `encode${f.value.struct.typeName}(${w}, version, ${v});`;
  const t = f.value.type;
  const fixed = FIXED_WRITE[t];
  if (fixed !== undefined) return `${w}.${fixed}(${v});`;
  const [classic0, compact0] = lengthPrefixed(t)!;
  const [classic, compact] = t === 'records' ? ['Records', 'CompactRecords'] : [classic0, compact0];
  const call = (stem: string): string => `${w}.write${stem}(${v});`;
  if (t === 'records') {
    // Records accept null in the writer; a version that cannot carry null must not be given one.
    const write = branch(c.compact, call(compact), call(classic));
    if (c.nullable === 'true') return write;
    return branch(
      c.nullable,
      write,
      `if (${v} === null) throw nullNotAllowed(${c.path}, version);\n${write}`,
    );
  }
  const nullableWrite = branch(c.compact, call(nullableStem(compact)), call(nullableStem(classic)));
  const plainWrite = branch(c.compact, call(compact), call(classic));
  if (f.nullable === null) return plainWrite;
  return branch(
    c.nullable,
    nullableWrite,
    `if (${v} === null) throw nullNotAllowed(${c.path}, version);\n${plainWrite}`,
  );
}

function writeElement(f: FieldModel, c: Ctx, v: string, w: string): string {
  if (f.value.kind === 'struct') return `encode${f.value.struct.typeName}(${w}, version, ${v});`;
  const t = f.value.type;
  const fixed = FIXED_WRITE[t];
  if (fixed !== undefined) return `${w}.${fixed}(${v});`;
  const [classic, compact] = lengthPrefixed(t)!;
  return branch(c.compact, `${w}.write${compact}(${v});`, `${w}.write${classic}(${v});`);
}

function encodeValue(f: FieldModel, owner: StructModel, v: string, w: string): string {
  const c = fieldCtx(f, owner);
  if (!f.isArray) return writeScalar(f, c, v, w);
  const len = (n: string): string =>
    branch(c.compact, `${w}.writeCompactArrayLength(${n});`, `${w}.writeArrayLength(${n});`);
  const loop = [len('_a.length'), `for (const _e of _a) {\n${writeElement(f, c, '_e', w)}\n}`];
  const body =
    f.nullable !== null
      ? [
          '{',
          `const _a = ${v};`,
          'if (_a === null) {',
          branch(c.nullable, len('-1'), `throw nullNotAllowed(${c.path}, version);`),
          '} else {',
          ...loop,
          '}',
          '}',
        ]
      : ['{', `const _a = ${v};`, ...loop, '}'];
  return body.join('\n');
}

/** A condition that is true when `v` (the value of `f`) differs from its default. */
function nonDefault(f: FieldModel, v: string): string {
  if (f.isArray) {
    if (f.defaultKind === 'null') return `${v} !== null`;
    return f.nullable !== null ? `(${v} === null || ${v}.length !== 0)` : `${v}.length !== 0`;
  }
  if (f.value.kind === 'struct') return `!isDefault${f.value.struct.typeName}(${v})`;
  if (f.defaultKind === 'null') return `${v} !== null`;
  switch (f.value.type) {
    case 'uuid':
      return `${v}.some((b) => b !== 0)`;
    case 'bytes':
      return f.nullable !== null ? `(${v} === null || ${v}.length !== 0)` : `${v}.length !== 0`;
    default:
      return `${v} !== ${f.defaultExpr}`;
  }
}

export function emitIsDefault(s: StructModel): string {
  const checks = s.fields.map((f) => nonDefault(f, `s.${f.prop}`));
  checks.push('(s.unknownTaggedFields !== undefined && s.unknownTaggedFields.length !== 0)');
  return `function isDefault${s.typeName}(s: ${s.typeName}): boolean {\nreturn !(${checks.join(' || ')});\n}`;
}

export function emitEncode(s: StructModel, msg: MessageModel, exported: boolean): string {
  const ctx: VersionRange | null = s.versions;
  const out: string[] = [];
  const regular = s.fields.filter((f) => f.tag === undefined);
  const tagged = s.fields.filter((f) => f.tag !== undefined).sort((a, b) => a.tag! - b.tag!);
  out.push(
    `${exported ? 'export ' : ''}function encode${s.typeName}(w: Writer, version: number, m: ${s.typeName}): void {`,
  );
  for (const f of regular) {
    const cond = versionCondition(f.versions, ctx);
    out.push(branch(cond, encodeValue(f, s, `m.${f.prop}`, 'w'), ''));
  }
  if (hasTaggedSection(s, msg)) {
    const flex = versionCondition(msg.flexible, ctx);
    const body: string[] = [];
    const present = tagged.filter((f) => versionCondition(f.versions, ctx) !== 'false');
    if (present.length === 0) {
      body.push('w.writeTaggedFields(m.unknownTaggedFields);');
    } else {
      present.forEach((f, i) => {
        const cond = versionCondition(f.versions, ctx);
        const nd = nonDefault(f, `m.${f.prop}`);
        body.push(`const _has${i} = ${cond === 'true' ? nd : `${cond} && ${nd}`};`);
      });
      const none = present.map((_, i) => `!_has${i}`).join(' && ');
      body.push(
        `if (${none} && m.unknownTaggedFields === undefined) {`,
        'w.writeUnsignedVarint(0);',
        '} else {',
      );
      body.push(
        'const _tf: TaggedField[] = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();',
      );
      present.forEach((f, i) => {
        body.push(
          `if (_has${i}) {`,
          'const _w = new Writer(64);',
          encodeValue(f, s, `m.${f.prop}`, '_w'),
          `_tf.push({ tag: ${f.tag}, data: _w.toBuffer() });`,
          '}',
        );
      });
      body.push('w.writeTaggedFields(_tf);', '}');
    }
    out.push(branch(flex, body.join('\n'), ''));
  }
  out.push('}');
  return out.join('\n');
}
