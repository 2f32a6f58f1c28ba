/**
 * Named schemas for the OpenAPI document. A schema marked with `named()` is written once under
 * `components/schemas/<Name>` and every place that uses it gets a `$ref`, so partners' generated clients get
 * named types (`RedNotice`, `Problem`, ...) and the document stays small.
 *
 * The routes keep their schemas inline: validation (ajv) and serialisation (fast-json-stringify) run on
 * exactly the schemas they ran on before, and the pseudonymised views are still built without identity
 * members. Only the document is rewritten (`hoistNamedSchemas`, called from the openapi plugin). The name is
 * JSON Schema's own `title` annotation, which every validator accepts (even in ajv's strict mode), so the
 * schemas stay usable as they are; a schema with a `title` is a named component, nothing else carries one.
 */
import type { TSchema } from 'typebox'

export const SCHEMA_NAME = 'title'

/** Marks `schema` (in place, and returns it) as the component `name` of the OpenAPI document. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/
const INSTANCE_KEYWORDS = new Set(['examples', 'example', 'default', 'const', 'enum'])

export function named<T extends TSchema> (name: string, schema: T): T {
  if (!IDENTIFIER.test(name)) throw new TypeError(`schema name ${JSON.stringify(name)} is not a plain identifier`)
  return Object.assign(schema, { [SCHEMA_NAME]: name })
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface DocumentWithComponents {
  paths?: Record<string, unknown>
  components?: { schemas?: Record<string, unknown>, [other: string]: unknown }
}

/**
 * Replaces every marked schema in the document's paths by a `$ref` to `components/schemas/<Name>`, where
 * it is written once (its own marked members already replaced by `$ref`s). Two different schemas under
 * one name are a programming error and throw, so a name can never silently stand for the wrong shape.
 *
 * Copies of a named schema may differ in annotations only: @fastify/swagger moves a query parameter's
 * `description` onto the parameter, a use may describe its member in its own words, and `Nullable` drops
 * `examples` (for OpenAPI 3.0). The component keeps the copy with the most examples and the description most
 * uses share; a use whose own description differs says so beside its `$ref`, as OpenAPI 3.1 allows.
 */
export function hoistNamedSchemas<T extends DocumentWithComponents> (document: T): T & { components: { schemas: Record<string, unknown> } } {
  const found = new Map<string, { schema: Record<string, Json>, text: string, shape: string, descriptions: Map<Json, number> }>()
  const uses: Array<{ name: string, ref: Record<string, Json>, description: Json | undefined }> = []

  function visit (node: Json): Json {
    if (Array.isArray(node)) return node.map(visit)
    if (node === null || typeof node !== 'object') return node
    const copy: Record<string, Json> = {}
    // Instances (examples, defaults, constants) are data, not schemas: a `title` there is a member.
    for (const [key, value] of Object.entries(node)) copy[key] = INSTANCE_KEYWORDS.has(key) ? value : visit(value)
    const name = copy[SCHEMA_NAME]
    if (typeof name !== 'string') return copy
    if (!IDENTIFIER.test(name)) throw new Error(`schema title ${JSON.stringify(name)} is not a component name`)
    delete copy[SCHEMA_NAME]
    const { description, ...rest } = copy
    const text = JSON.stringify(rest)
    const shape = JSON.stringify(rest, (key, value: unknown) => key === 'examples' ? undefined : value)
    const earlier = found.get(name)
    if (earlier !== undefined && earlier.shape !== shape) {
      throw new Error(`Two different schemas are named ${name} in the OpenAPI document: ${earlier.shape} differs from ${shape}`)
    }
    const entry = earlier === undefined || text.length > earlier.text.length
      ? { schema: rest, text, shape, descriptions: earlier?.descriptions ?? new Map<Json, number>() }
      : earlier
    if (description !== undefined) entry.descriptions.set(description, (entry.descriptions.get(description) ?? 0) + 1)
    found.set(name, entry)
    const ref: Record<string, Json> = { $ref: `#/components/schemas/${name}` }
    uses.push({ name, ref, description })
    return ref
  }

  const paths = visit((document.paths ?? {}) as Json) as Record<string, unknown>
  const hoisted: Record<string, Record<string, Json>> = {}
  for (const name of [...found.keys()].sort()) {
    const { schema, descriptions } = found.get(name)!
    // Map keeps insertion order and sort is stable: on a tie, the description met first wins.
    const description = [...descriptions.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
    hoisted[name] = description === undefined ? schema : { ...schema, description }
  }
  for (const { name, ref, description } of uses) {
    if (description !== undefined && description !== hoisted[name]?.description) ref.description = description
  }
  const existing = document.components?.schemas ?? {}
  for (const name of Object.keys(hoisted)) {
    if (name in existing) throw new Error(`components/schemas/${name} exists already`)
  }
  return { ...document, paths, components: { ...document.components, schemas: { ...existing, ...hoisted } } }
}
