/**
 * Test helpers: an ajv configured the way our Fastify server configures it (docs/security.md
 * §4), schema walkers, and complete valid bodies.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { TSchema } from 'typebox'
import { RED_NOTICE_EXAMPLE, ASSURANCE_EXAMPLE } from '../../src/schemas/examples.ts'

export const FASTIFY_AJV_OPTIONS = { removeAdditional: false, coerceTypes: false, allErrors: false, useDefaults: true } as const

export function makeAjv (): Ajv {
  const ajv = new Ajv(FASTIFY_AJV_OPTIONS)
  addFormats.default(ajv)
  return ajv
}

const ajv = makeAjv()
const cache = new Map<TSchema, ValidateFunction>()

export function validate (schema: TSchema, value: unknown): { valid: boolean, errors: ValidateFunction['errors'] } {
  let fn = cache.get(schema)
  if (fn === undefined) {
    fn = ajv.compile(schema)
    cache.set(schema, fn)
  }
  // structuredClone: useDefaults mutates, and a test body must not change under the next test.
  const valid = fn(structuredClone(value))
  return { valid, errors: fn.errors }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Every sub-schema of `schema`, with its JSON path inside the schema, depth first. */
export function * subSchemas (schema: unknown, path = '#'): Generator<[string, Record<string, unknown>]> {
  if (typeof schema !== 'object' || schema === null) return
  const node = schema as Record<string, unknown>
  yield [path, node]
  for (const key of ['items', 'not', 'additionalProperties']) {
    if (typeof node[key] === 'object') yield * subSchemas(node[key], `${path}/${key}`)
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(node[key])) for (const [i, s] of (node[key] as unknown[]).entries()) yield * subSchemas(s, `${path}/${key}/${i}`)
  }
  if (typeof node.properties === 'object' && node.properties !== null) {
    for (const [name, s] of Object.entries(node.properties)) yield * subSchemas(s, `${path}/properties/${name}`)
  }
}

/** JSON pointers of every plain object inside `value`, root included. */
export function objectPointers (value: unknown, pointer = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectPointers(item, `${pointer}/${i}`))
  if (typeof value !== 'object' || value === null) return []
  return [pointer, ...Object.entries(value).flatMap(([key, item]) => objectPointers(item, `${pointer}/${key}`))]
}

/** A deep copy of `value` with `key: extra` added to the object at `pointer`. */
export function withMember (value: unknown, pointer: string, key: string, extra: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>
  let target: Record<string, unknown> = copy
  for (const part of pointer.split('/').slice(1)) target = target[part] as Record<string, unknown>
  // defineProperty: plain assignment of "__proto__" would set the prototype instead of a key.
  Object.defineProperty(target, key, { value: extra, enumerable: true, writable: true, configurable: true })
  return copy
}

export function redNoticeBody (): Record<string, any> {
  return structuredClone(RED_NOTICE_EXAMPLE) as unknown as Record<string, any>
}

export function assuranceBody (): Record<string, any> {
  const body = structuredClone(ASSURANCE_EXAMPLE) as unknown as Record<string, any>
  body.subjectFullName = 'Aslan Testov'
  body.notes = 'Canary note'
  return body
}
