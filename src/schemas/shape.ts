/**
 * Helpers that derive the optional and merge-patch variants of a set of properties, so the
 * POST, PATCH and response schemas are built from one list of fields and cannot drift apart.
 */
import { Type, type TNull, type TOptional, type TProperties, type TSchema, type TUnion } from 'typebox'
import { Nullable } from './common.ts'

export type OptionalProperties<P extends TProperties> = { [K in keyof P]: TOptional<P[K]> }
export type RemovableProperties<P extends TProperties> = { [K in keyof P]: TOptional<TUnion<[P[K], TNull]>> }

function mapProperties<P extends TProperties> (props: P, map: (schema: TSchema) => TSchema): TProperties {
  return Object.fromEntries(Object.entries(props).map(([key, schema]) => [key, map(schema)]))
}

/** Every member may be left out. */
export function optional<P extends TProperties> (props: P): OptionalProperties<P> {
  return mapProperties(props, (schema) => Type.Optional(schema)) as OptionalProperties<P>
}

/**
 * Merge-patch members (RFC 7396): may be left out (unchanged) or `null` (removed). Only for
 * members that are optional in the full record; required members stay non-nullable so a patch
 * cannot remove them.
 */
export function removable<P extends TProperties> (props: P): RemovableProperties<P> {
  return mapProperties(props, (schema) => Type.Optional(Nullable(schema))) as RemovableProperties<P>
}
