/**
 * Shared JSON Schema primitives (TypeBox) for request and response bodies.
 *
 * Rules from docs/security.md §4: every object closed (`additionalProperties: false`, so an
 * unknown property is a 400, not silently dropped), every string `maxLength`, every array
 * `maxItems`, and only linear-time regexes.
 */
import { Type, type TObjectOptions, type TProperties, type TSchema, type TSchemaOptions, type TStringOptions } from 'typebox'
import { named } from './named.ts'

/** Options every object schema carries: unknown properties are rejected, never ignored. */
export const closed = { additionalProperties: false } as const

/** A closed object schema. */
export function Closed<P extends TProperties> (properties: P, options: TObjectOptions = {}) {
  return Type.Object(properties, { ...closed, ...options })
}

/**
 * PostgreSQL rejects U+0000 in `text` and `jsonb` ("invalid byte sequence"), which would turn a
 * stray NUL into a 500. Refusing it at the edge keeps that a 400. A negated character class with
 * a single `*` is linear, so it is safe against ReDoS.
 */
const NO_NUL = '^[^\\u0000]*$'

/** A bounded free-text string. `max` counts Unicode code points (ajv's `maxLength`). */
export function Text (max: number, options: TStringOptions = {}) {
  return Type.String({ pattern: NO_NUL, ...options, maxLength: max })
}

/** `T | null`, for response members that exist but may be empty, and for merge-patch removals. */
export function Nullable<T extends TSchema> (schema: T, options: TSchemaOptions = {}) {
  // @fastify/swagger turns `examples` into OpenAPI 3.0's `example` but does not look inside
  // `anyOf`, where a leftover `examples` makes a 3.0 document invalid. So examples move up.
  const examples = (schema as { examples?: unknown }).examples
  return Type.Union([withoutExamples(schema), Type.Null()], { ...(examples === undefined ? {} : { examples }), ...options })
}

/** A deep copy without `examples`, keeping TypeBox's non-enumerable markers. */
function withoutExamples<T> (schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutExamples) as T
  if (typeof schema !== 'object' || schema === null) return schema
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(schema)) as Record<string, unknown>
  delete copy.examples
  for (const key of Object.keys(copy)) copy[key] = withoutExamples(copy[key])
  return copy as T
}

export const CountryCodeSchema = Type.String({
  pattern: '^[A-Z]{2}$',
  maxLength: 2,
  description: 'ISO 3166-1 alpha-2 country code, upper case.',
  examples: ['RU']
})

export const DateSchema = Type.String({
  format: 'date',
  maxLength: 10,
  description: 'Calendar date, `YYYY-MM-DD`.',
  examples: ['2019-06-14']
})

export const TimestampSchema = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'RFC 3339 timestamp in UTC.',
  examples: ['2025-03-01T09:30:00.000Z']
})

/**
 * A date filter of a list or export: an RFC 3339 date-time, or a plain date `YYYY-MM-DD`, which stands for
 * that whole day in UTC (routes/pagination.ts turns both into bounds).
 */
export function DateFilter (description: string, example: string) {
  return Type.String({
    maxLength: 40,
    anyOf: [{ format: 'date' }, { format: 'date-time' }],
    description: `${description} A date-time (RFC 3339), or a date (\`YYYY-MM-DD\`), which means that whole day in UTC.`,
    examples: [example]
  } as TStringOptions)
}

export const UuidSchema = Type.String({
  format: 'uuid',
  maxLength: 36,
  examples: ['0b9c2a6e-6d1f-4f7e-9a53-2f0f5a1c7d10']
})

/** Report revision; also the ETag value used with `If-Match`. */
export const RevisionSchema = Type.Integer({
  minimum: 1,
  maximum: 2_147_483_647,
  description: 'Revision number of the record, starting at 1; every change adds one. Send it back in `If-Match` to update.',
  examples: [3]
})

export const ProblemSchema = named('Problem', Type.Object({
  type: Text(2000, { description: 'URI reference identifying the problem type (`about:blank` when none).', examples: ['about:blank'] }),
  title: Text(200, { description: 'Short, fixed summary of the problem type.', examples: ['Bad Request'] }),
  status: Type.Integer({ minimum: 100, maximum: 599, examples: [400] }),
  detail: Type.Optional(Text(2000, { description: 'Explanation specific to this occurrence; never echoes submitted values.' })),
  instance: Type.Optional(Text(2000, { description: 'Identifies this occurrence, e.g. `urn:request:<id>`.' })),
  errors: Type.Optional(Type.Array(Type.Object({
    in: Type.Optional(Type.String({ enum: ['body', 'querystring', 'params', 'headers'], maxLength: 11, description: 'Which part of the request the pointer refers to.' })),
    pointer: Text(1000, { description: 'JSON Pointer (RFC 6901) to the offending member of the request.', examples: ['/subject/nationalities/0'] }),
    message: Text(500, { examples: ['must match pattern "^[A-Z]{2}$"'] })
  }, closed), { maxItems: 100, description: 'For validation problems: one entry per offending field.' }))
}, {
  ...closed,
  description: 'RFC 9457 problem details, served as `application/problem+json`.'
}))

/** A cursor-paginated list: `nextCursor` is null on the last page. */
export function Page<T extends TSchema> (item: T, description: string) {
  return Type.Object({
    items: Type.Array(item, { maxItems: 200 }),
    nextCursor: Nullable(Text(512, { description: 'Pass as `cursor` to get the next page; null on the last page.' }))
  }, { ...closed, description })
}
