/** The two generated modules that span every API: api-keys.ts (the table) and index.ts (re-exports). */
import { banner, kebab, type ApiFacts } from './emit-message.js';
import { NEVER_FLEXIBLE } from './overrides.js';

export function emitApiKeys(apis: readonly ApiFacts[]): string {
  const keys = apis.map((a) => `${a.name}: ${a.apiKey},`).join('\n');
  const rows = apis
    .map(
      (a) =>
        `{ apiKey: ${a.apiKey}, name: '${a.name}', minVersion: ${a.minVersion}, maxVersion: ${a.maxVersion}, ` +
        `flexibleMinVersion: ${a.flexibleMinVersion}, requestHeaderV2MinVersion: ${a.requestHeaderV2MinVersion}, ` +
        `responseHeaderV1MinVersion: ${a.responseHeaderV1MinVersion} },`,
    )
    .join('\n');
  return `${banner('message schemas')}

/** Every generated API, by name. */
export const ApiKey = {
${keys}
} as const;
export type ApiKey = (typeof ApiKey)[keyof typeof ApiKey];

/** The flexibleMinVersion of an API that has no flexible version. */
export const NEVER_FLEXIBLE = ${NEVER_FLEXIBLE};

export interface ApiDescriptor {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly flexibleMinVersion: number;
  /** Requests of this version and later use request header v2 (with tagged fields). */
  readonly requestHeaderV2MinVersion: number;
  /** Responses of this version and later use response header v1 (with tagged fields). */
  readonly responseHeaderV1MinVersion: number;
}

/** Every generated API with the versions its codec handles (not necessarily what the broker advertises). */
export const GENERATED_APIS: readonly ApiDescriptor[] = [
${rows}
];

const BY_KEY = new Map<number, ApiDescriptor>(GENERATED_APIS.map((a) => [a.apiKey, a]));

/** The generated API with this key, if any. */
export function apiDescriptor(apiKey: number): ApiDescriptor | undefined {
  return BY_KEY.get(apiKey);
}

/**
 * The request header version for a request: 2 for flexible versions, else 1. Unknown keys get 1, which is
 * enough to read the correlation id and answer. Header v0 (ControlledShutdown v0 only) is not used.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  const api = BY_KEY.get(apiKey);
  return api !== undefined && apiVersion >= api.requestHeaderV2MinVersion ? 2 : 1;
}

/** The response header version: 1 for flexible versions, else 0; ApiVersions always uses 0. */
export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  const api = BY_KEY.get(apiKey);
  return api !== undefined && apiVersion >= api.responseHeaderV1MinVersion ? 1 : 0;
}
`;
}

export function emitIndex(apiNames: readonly string[], headerNames: readonly string[]): string {
  const lines = [
    banner('message schemas'),
    "export type { Records } from '../codec/records.js';",
    "export type { TaggedField } from '../codec/tagged-field.js';",
    "export * from './api-keys.js';",
    ...headerNames.map((n) => `export * from './${kebab(n)}.js';`),
    ...apiNames.map((n) => `export * from './${kebab(n)}.js';`),
  ];
  return `${lines.join('\n')}\n`;
}
