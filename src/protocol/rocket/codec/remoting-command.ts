import { ProtocolDecodeError } from '../../../errors.js';

/**
 * RocketMQ remoting frames (docs/formats/remoting-frame.md):
 *   int32 frame length (not counting itself) | int32 (serialize type << 24 | header length) | header | body
 * The header is JSON (type 0) or the binary ROCKETMQ layout (type 1). Replies use the request's type.
 */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export const SerializeType = { JSON: 0, ROCKETMQ: 1 } as const;
export type SerializeType = (typeof SerializeType)[keyof typeof SerializeType];

export const CommandFlag = { response: 0x1, oneway: 0x2 } as const;

/** LanguageCode ordinals, as the binary header carries them. */
export const LANGUAGE_CODES = [
  'JAVA',
  'CPP',
  'DOTNET',
  'PYTHON',
  'DELPHI',
  'ERLANG',
  'RUBY',
  'OTHER',
  'HTTP',
  'GO',
  'PHP',
  'OMS',
  'RUST',
] as const;

export interface RemotingCommand {
  code: number;
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark: string | null;
  /** Always strings: numbers and booleans sent by sloppy clients are stringified on decode. */
  extFields: Record<string, string>;
  body: Buffer | null;
  serializeType: SerializeType;
}

export const isResponse = (cmd: RemotingCommand): boolean => (cmd.flag & CommandFlag.response) !== 0;
export const isOneway = (cmd: RemotingCommand): boolean => (cmd.flag & CommandFlag.oneway) !== 0;

/** Decodes one frame body (the bytes after the int32 frame length). */
export function decodeRemotingCommand(frame: Buffer): RemotingCommand {
  if (frame.length < 4)
    throw new ProtocolDecodeError('headerLength', 0, `frame of ${frame.length} bytes has no header length`);
  const word = frame.readUInt32BE(0);
  const type = word >>> 24;
  const headerLength = word & 0xffffff;
  if (headerLength > frame.length - 4) {
    throw new ProtocolDecodeError(
      'headerLength',
      0,
      `header length ${headerLength} beyond the frame (${frame.length - 4} bytes)`,
    );
  }
  const body = frame.length > 4 + headerLength ? frame.subarray(4 + headerLength) : null;
  if (type === SerializeType.JSON) return decodeJsonCommand(frame, headerLength, body);
  const header = frame.subarray(4, 4 + headerLength);
  if (type === SerializeType.ROCKETMQ)
    return { ...decodeBinaryHeader(header), body, serializeType: SerializeType.ROCKETMQ };
  throw new ProtocolDecodeError('serializeType', 0, `unknown serialize type ${type}`);
}

type Header = Omit<RemotingCommand, 'body' | 'serializeType'>;

const HEADER_AT = 4;

function intField(obj: Record<string, unknown>, name: string, required: boolean): number {
  const v = obj[name];
  // The common case first: a JSON number that is already a 32-bit integer.
  if (typeof v === 'number' && (v | 0) === v) return v | 0;
  if (v === undefined || v === null) {
    if (required) throw new ProtocolDecodeError(name, HEADER_AT, 'missing');
    return 0;
  }
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff)
    throw new ProtocolDecodeError(name, HEADER_AT, `not a 32-bit integer: ${JSON.stringify(v)}`);
  return n | 0;
}

/**
 * A JSON-header command. On the hot path of every request (SEND_MESSAGE, PULL_MESSAGE), so it builds the
 * command in one object and walks extFields with for-in: `Object.entries` and an object spread
 * cost more than JSON.parse itself here.
 */
function decodeJsonCommand(frame: Buffer, headerLength: number, body: Buffer | null): RemotingCommand {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.toString('utf8', 4, 4 + headerLength));
  } catch (err) {
    throw new ProtocolDecodeError('header', HEADER_AT, `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ProtocolDecodeError('header', HEADER_AT, 'not a JSON object');
  const obj = parsed as Record<string, unknown>;
  const language = obj['language'];
  const remark = obj['remark'];
  if (remark !== undefined && remark !== null && typeof remark !== 'string')
    throw new ProtocolDecodeError('remark', HEADER_AT, 'not a string');
  const extFields: Record<string, string> = {};
  const ext = obj['extFields'];
  if (ext !== undefined && ext !== null) {
    if (typeof ext !== 'object' || Array.isArray(ext))
      throw new ProtocolDecodeError('extFields', HEADER_AT, 'not a JSON object');
    const fields = ext as Record<string, unknown>;
    for (const k in fields) {
      const v = fields[k];
      if (typeof v === 'string') extFields[k] = v;
      else if (v === null || v === undefined) continue;
      else if (typeof v === 'number' || typeof v === 'boolean') extFields[k] = String(v);
      else throw new ProtocolDecodeError(`extFields.${k}`, HEADER_AT, 'not a JSON scalar');
    }
  }
  return {
    code: intField(obj, 'code', true),
    language:
      typeof language === 'string'
        ? language
        : typeof language === 'number'
          ? languageName(language)
          : 'JAVA',
    version: intField(obj, 'version', false),
    opaque: intField(obj, 'opaque', false),
    flag: intField(obj, 'flag', false),
    remark: typeof remark === 'string' ? remark : null,
    extFields,
    body,
    serializeType: SerializeType.JSON,
  };
}

function languageName(code: number): string {
  return LANGUAGE_CODES[code] ?? 'OTHER';
}

function decodeBinaryHeader(h: Buffer): Header {
  let at = 0;
  const need = (n: number, field: string): void => {
    if (at + n > h.length)
      throw new ProtocolDecodeError(field, HEADER_AT + at, `needs ${n} bytes, ${h.length - at} left`);
  };
  need(2 + 1 + 2 + 4 + 4, 'header');
  const code = h.readInt16BE(0);
  const language = languageName(h.readUInt8(2));
  const version = h.readInt16BE(3);
  const opaque = h.readInt32BE(5);
  const flag = h.readInt32BE(9);
  at = 13;
  need(4, 'remarkLength');
  const remarkLength = h.readInt32BE(at);
  at += 4;
  if (remarkLength < 0 || remarkLength > h.length - at)
    throw new ProtocolDecodeError('remarkLength', HEADER_AT + at - 4, `${remarkLength} beyond the header`);
  const remark = remarkLength === 0 ? null : h.toString('utf8', at, at + remarkLength);
  at += remarkLength;
  need(4, 'extFieldsLength');
  const extLength = h.readInt32BE(at);
  at += 4;
  if (extLength < 0 || extLength > h.length - at)
    throw new ProtocolDecodeError('extFieldsLength', HEADER_AT + at - 4, `${extLength} beyond the header`);
  const extEnd = at + extLength;
  const extFields: Record<string, string> = {};
  while (at < extEnd) {
    if (at + 2 > extEnd) throw new ProtocolDecodeError('extFields.keyLength', HEADER_AT + at, 'truncated');
    const keyLength = h.readInt16BE(at);
    at += 2;
    if (keyLength < 0 || at + keyLength + 4 > extEnd)
      throw new ProtocolDecodeError(
        'extFields.key',
        HEADER_AT + at - 2,
        `length ${keyLength} beyond the block`,
      );
    const key = h.toString('utf8', at, at + keyLength);
    at += keyLength;
    const valueLength = h.readInt32BE(at);
    at += 4;
    if (valueLength < 0 || at + valueLength > extEnd)
      throw new ProtocolDecodeError(
        `extFields.${key}`,
        HEADER_AT + at - 4,
        `length ${valueLength} beyond the block`,
      );
    const value = h.toString('utf8', at, at + valueLength);
    at += valueLength;
    if (keyLength > 0 && valueLength > 0) extFields[key] = value;
  }
  return { code, language, version, opaque, flag, remark, extFields };
}

/** Encodes a whole frame, length prefix included. A body may be given as several chunks. */
export function encodeRemotingCommand(
  cmd: Omit<RemotingCommand, 'body'> & { body: Buffer | readonly Buffer[] | null },
): Buffer[] {
  const header =
    cmd.serializeType === SerializeType.ROCKETMQ ? encodeBinaryHeader(cmd) : encodeJsonHeader(cmd);
  const chunks: Buffer[] = cmd.body === null ? [] : Buffer.isBuffer(cmd.body) ? [cmd.body] : [...cmd.body];
  let bodyLength = 0;
  for (const c of chunks) bodyLength += c.length;
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeInt32BE(4 + header.length + bodyLength, 0);
  prefix.writeUInt32BE(((cmd.serializeType & 0xff) << 24) | header.length, 4);
  return [prefix, header, ...chunks];
}

/** Characters a JSON string must escape (quote, backslash, controls) and surrogates (lone ones are escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * The JSON header of a reply, written by hand: every SEND_MESSAGE and PULL_MESSAGE reply goes through
 * here. The text is exactly what JSON.stringify gives for the same object (same key order, same
 * escaping; for-in visits extFields in the order JSON.stringify does); anything unusual (a non-string
 * extFields value, a non-integer number) takes JSON.stringify itself.
 */
function encodeJsonHeader(cmd: Omit<RemotingCommand, 'body'>): Buffer {
  return Buffer.from(jsonHeaderText(cmd) ?? stringifyHeader(cmd), 'utf8');
}

const isInt = (n: number): boolean => Number.isSafeInteger(n);

/** The header text built by hand, or null when a field needs JSON.stringify's general rules. */
export function jsonHeaderText(cmd: Omit<RemotingCommand, 'body'>): string | null {
  if (!isInt(cmd.code) || !isInt(cmd.flag) || !isInt(cmd.opaque) || !isInt(cmd.version)) return null;
  if (typeof cmd.language !== 'string') return null;
  let ext = '';
  const fields = cmd.extFields;
  for (const k in fields) {
    const v = fields[k];
    if (typeof v !== 'string') return null;
    ext += `${ext === '' ? '' : ','}${jsonString(k)}:${jsonString(v)}`;
  }
  let out = `{"code":${cmd.code},"extFields":{${ext}},"flag":${cmd.flag},"language":${jsonString(cmd.language)},"opaque":${cmd.opaque}`;
  if (cmd.remark !== null) {
    if (typeof cmd.remark !== 'string') return null;
    out += `,"remark":${jsonString(cmd.remark)}`;
  }
  return `${out},"serializeTypeCurrentRPC":"JSON","version":${cmd.version}}`;
}

/** The general encoding (and the reference the hand-written one is tested against). */
export function stringifyHeader(cmd: Omit<RemotingCommand, 'body'>): string {
  const obj: Record<string, unknown> = {
    code: cmd.code,
    extFields: cmd.extFields,
    flag: cmd.flag,
    language: cmd.language,
    opaque: cmd.opaque,
  };
  if (cmd.remark !== null) obj['remark'] = cmd.remark;
  obj['serializeTypeCurrentRPC'] = 'JSON';
  obj['version'] = cmd.version;
  return JSON.stringify(obj);
}

function encodeBinaryHeader(cmd: Omit<RemotingCommand, 'body'>): Buffer {
  const remark = cmd.remark === null ? Buffer.alloc(0) : Buffer.from(cmd.remark, 'utf8');
  const entries: Buffer[] = [];
  for (const [k, v] of Object.entries(cmd.extFields)) {
    const key = Buffer.from(k, 'utf8');
    const value = Buffer.from(v, 'utf8');
    const e = Buffer.allocUnsafe(2 + key.length + 4 + value.length);
    e.writeInt16BE(key.length, 0);
    key.copy(e, 2);
    e.writeInt32BE(value.length, 2 + key.length);
    value.copy(e, 6 + key.length);
    entries.push(e);
  }
  const ext = Buffer.concat(entries);
  const out = Buffer.allocUnsafe(13 + 4 + remark.length + 4 + ext.length);
  out.writeInt16BE(cmd.code, 0);
  const lang = LANGUAGE_CODES.indexOf(cmd.language as (typeof LANGUAGE_CODES)[number]);
  out.writeUInt8(lang < 0 ? 0 : lang, 2);
  out.writeInt16BE(cmd.version, 3);
  out.writeInt32BE(cmd.opaque, 5);
  out.writeInt32BE(cmd.flag, 9);
  out.writeInt32BE(remark.length, 13);
  remark.copy(out, 17);
  out.writeInt32BE(ext.length, 17 + remark.length);
  ext.copy(out, 21 + remark.length);
  return out;
}
