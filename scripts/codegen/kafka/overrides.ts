/**
 * Every place where the generated code departs from a plain reading of the schemas. Keep this list short,
 * with the reason beside each entry.
 */

/** A field whose string encoding stays classic (int16 length) even in flexible versions of its message. */
export interface FieldEncodingOverride {
  readonly message: string;
  readonly field: string;
  /** Versions in which the field uses compact encoding ('none' = never). */
  readonly flexibleVersions: string;
}

export const FIELD_ENCODING_OVERRIDES: readonly FieldEncodingOverride[] = [
  // RequestHeader v2 is flexible, but ClientId keeps its int16 length so that a broker of any age can read
  // the header of an ApiVersions request of a version it does not know yet. The schema says the same with
  // a field-level "flexibleVersions": "none"; this entry makes the rule explicit and independent of it.
  { message: 'RequestHeader', field: 'ClientId', flexibleVersions: 'none' },
];

/**
 * APIs whose responses use response header v0 in every version, even flexible ones.
 * ApiVersions (18): the client does not know yet which versions the broker speaks, so the response header
 * carries no tagged-field section (clients parse ApiVersions v3 responses with header v0).
 */
export const RESPONSE_HEADER_V0_APIS: readonly number[] = [18];

// Request header v0 (no ClientId) is used only by ControlledShutdown v0, which is not generated:
// requestHeaderVersion() in the generated api-keys.ts never returns 0.

/** Stand-in for "never flexible" in the generated flexibleMinVersion fields. */
export const NEVER_FLEXIBLE = 99;
