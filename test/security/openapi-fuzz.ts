/**
 * S9 driven by the committed OpenAPI document (docs/security.md §7): every operation the document lists
 * gets valid requests generated from its own parameter and body schemas, and invalid ones derived from
 * those (wrong types, unknown members, oversize strings, bad UTF-8, `__proto__` keys, malformed JSON, huge
 * numbers, NUL bytes, unknown methods, bad path and query parameters). Each answer is checked against the
 * document: a valid request must get a status the operation declares, with a body that validates against
 * the schema declared for that status and media type; every 4xx must be problem+json that validates
 * against the problem schema; nothing may be 5xx or carry a stack, a path, SQL or driver text.
 *
 * The module only plans requests and judges answers; the test files send them (npm test runs a small
 * seeded sample, the `security-heavy` project the full volume).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fc from 'fast-check'
import type { LightMyRequestResponse as InjectResponse } from 'fastify'
import { hostileBody, MUTATION_KINDS, type MutationKind } from './hostile-payloads.ts'
import { leaksIn, type Role } from './support.ts'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

type Schema = Record<string, unknown>
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

export interface Parameter { name: string, in: 'path' | 'query' | 'header', required: boolean, schema: Schema }

export interface Operation {
  id: string
  method: Method
  /** The document's path template, e.g. `/v1/red-notices/{id}`. */
  path: string
  /** Roles allowed to call it (from the generated "Roles: …" note); empty for public operations. */
  roles: Role[]
  parameters: Parameter[]
  body: Schema | undefined
  /** status → media type → schema (undefined when the status has no body). */
  responses: Record<string, Record<string, Schema | undefined>>
}

/** The committed document with every `$ref` to a named schema replaced by the schema, so each operation stands alone. */
export const openapiDocument = (): Record<string, unknown> =>
  inlineNamedSchemas(JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Record<string, unknown>)

function inlineNamedSchemas (document: Record<string, unknown>): Record<string, unknown> {
  const named = ((document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas) ?? {}
  // The named schemas never refer to themselves (src/schemas/named.ts hoists finished trees), so this ends.
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline)
    if (typeof node !== 'object' || node === null) return node
    const { $ref, ...siblings } = node as Record<string, unknown>
    const own = Object.fromEntries(Object.entries(siblings).map(([key, value]) => [key, inline(value)]))
    if (typeof $ref !== 'string') return own
    const target = named[$ref.replace('#/components/schemas/', '')]
    if (target === undefined) throw new Error(`unresolved $ref ${$ref}`)
    return { ...(inline(target) as Record<string, unknown>), ...own }
  }
  return { ...document, paths: inline(document.paths) }
}

/** Every operation of the document, in document order. */
export function loadOperations (document: Record<string, unknown>): Operation[] {
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Schema>>)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method]
      if (op === undefined) continue
      const note = /Roles: ([a-z, ]+)\./.exec(String(op.description ?? ''))
      const isPublic = Array.isArray(op.security) && op.security.length === 0
      if (note === null && !isPublic) throw new Error(`${method} ${path}: neither public nor a "Roles:" note`)
      const responses: Operation['responses'] = {}
      for (const [status, response] of Object.entries(op.responses as Record<string, { content?: Record<string, { schema?: Schema }> }>)) {
        responses[status] = Object.fromEntries(Object.entries(response.content ?? {}).map(([type, media]) => [type, media.schema]))
      }
      const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.['application/json']?.schema
      operations.push({
        id: String(op.operationId),
        method,
        path,
        roles: note === null ? [] : note[1]!.split(',').map((role) => role.trim() as Role),
        parameters: ((op.parameters ?? []) as Array<Parameter & { required?: boolean }>).map((p) => ({ ...p, required: p.required === true })),
        body,
        responses
      })
    }
  }
  return operations
}

/** The problem schema as the document declares it (every operation shares one). */
export function problemSchema (operations: readonly Operation[]): Schema {
  for (const op of operations) {
    const schema = op.responses['400']?.['application/problem+json']
    if (schema !== undefined) return schema
  }
  throw new Error('the document declares no problem+json schema')
}

// ---------------------------------------------------------------------------------------------------
// Valid values from JSON Schema: a compact mapping onto fast-check, covering the keywords the document
// uses (type, enum, const, anyOf/oneOf, pattern, format, lengths, bounds, items, properties). What it
// cannot express (`not`, cross-member rules) is caught by validating each value with ajv before use.
// ---------------------------------------------------------------------------------------------------

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  date: fc.date({ min: new Date('1940-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  'date-time': fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  uri: fc.webPath().map((path) => `https://example.org${path.startsWith('/') ? '' : '/'}${path}`)
}

function stringArbitrary (schema: Schema): fc.Arbitrary<string> {
  const min = Number(schema.minLength ?? 0)
  const max = Number(schema.maxLength ?? 200)
  const fits = (s: string) => [...s].length >= min && [...s].length <= max
  const examples = (schema.examples as unknown[] | undefined)?.filter((x): x is string => typeof x === 'string' && fits(x)) ?? []
  let base: fc.Arbitrary<string>
  if (typeof schema.format === 'string' && FORMATS[schema.format] !== undefined) base = FORMATS[schema.format]!
  else if (typeof schema.pattern === 'string' && schema.pattern !== '^[^\\u0000]*$') {
    base = fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(fits)
  } else {
    // Free text: mostly ordinary words, sometimes any Unicode (no NUL: the document forbids it).
    base = fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...'abcdefghij klmnopqrstuvwxyzАБВ-'), minLength: Math.max(min, 1), maxLength: Math.min(max, 40) }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 60) }).filter((s) => !s.includes('\u0000') && fits(s)) }
    )
  }
  return examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), base) : base
}

/** Values that validate against `schema` (most of the time: callers check with ajv). */
export function schemaArbitrary (schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (alternatives !== undefined) {
    // A branch applies together with its siblings (`{ type: 'string', anyOf: [{ format: 'date' }, …] }`).
    const { anyOf: _anyOf, oneOf: _oneOf, ...shared } = schema
    // Nulls are valid but say little: prefer the non-null branches.
    return fc.oneof(...alternatives.map((alt) => ({ weight: alt.type === 'null' ? 1 : 4, arbitrary: schemaArbitrary({ ...shared, ...alt }, depth + 1) })))
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': return stringArbitrary(schema)
    case 'integer': return fc.integer({ min: Number(schema.minimum ?? -1e6), max: Number(schema.maximum ?? 1e6) })
    case 'number': return fc.double({ min: Number(schema.minimum ?? -1e6), max: Number(schema.maximum ?? 1e6), noNaN: true, noDefaultInfinity: true })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': {
      const maxLength = Math.min(Number(schema.maxItems ?? 5), depth > 2 ? 1 : 3)
      const items = schemaArbitrary((schema.items ?? {}) as Schema, depth + 1)
      const minLength = Math.min(Number(schema.minItems ?? 0), maxLength)
      return schema.uniqueItems === true
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (x) => JSON.stringify(x) })
        : fc.array(items, { minLength, maxLength })
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      const required = new Set((schema.required ?? []) as string[])
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [name, property] of Object.entries(properties)) record[name] = schemaArbitrary(property, depth + 1)
      const requiredKeys = Object.keys(properties).filter((name) => required.has(name))
      return fc.record(record, { requiredKeys })
    }
    default: return fc.jsonValue({ maxDepth: 1 })
  }
}

// ---------------------------------------------------------------------------------------------------
// Request plans
// ---------------------------------------------------------------------------------------------------

export type InvalidKind =
  | MutationKind | 'bad-utf8' | 'unknown-method' | 'bad-path-param' | 'bad-query-param' | 'unknown-query-param' | 'missing-body'

export const INVALID_KINDS: readonly InvalidKind[] = [
  ...MUTATION_KINDS, 'bad-utf8', 'unknown-method', 'bad-path-param', 'bad-query-param', 'unknown-query-param', 'missing-body'
]

/** What one request is, before the ids of the moment are filled in. */
export interface Plan {
  op: Operation
  role: Role | null
  path: Record<string, unknown>
  query: Record<string, unknown>
  headers: Record<string, string>
  body: unknown
  /** Set for invalid plans: which way it is broken. */
  invalid?: { kind: InvalidKind, n: number, m: number, text: string }
  /** Picks among the known ids (or a random UUID) for path parameters. */
  pick: number
}

const PARAMETER_CHANCE = 0.35

function parametersArbitrary (parameters: readonly Parameter[]): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {}
  for (const p of parameters) {
    const value = schemaArbitrary(p.schema)
    record[p.name] = p.required ? value : fc.option(value, { freq: Math.round(1 / PARAMETER_CHANCE), nil: undefined })
  }
  return fc.record(record).map((values) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)))
}

export function validPlanArbitrary (op: Operation, validators: RequestValidators): fc.Arbitrary<Plan> {
  const body = op.body === undefined
    ? fc.constant(undefined)
    : schemaArbitrary(op.body).filter((value) => validators.body(op)(value))
  const role = op.roles.length === 0 ? fc.constant(null) : fc.constantFrom(...op.roles)
  const headerParams = op.parameters.filter((p) => p.in === 'header')
  return fc.record({
    role,
    path: parametersArbitrary(op.parameters.filter((p) => p.in === 'path')),
    query: parametersArbitrary(op.parameters.filter((p) => p.in === 'query')).filter((query) => validators.query(op)(query)),
    headers: parametersArbitrary(headerParams).map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]))),
    body,
    pick: fc.nat({ max: 1_000_000 })
  }).map((plan) => ({ ...plan, op }))
}

export function invalidPlanArbitrary (op: Operation, validators: RequestValidators): fc.Arbitrary<Plan> {
  const kinds = INVALID_KINDS.filter((kind) => {
    if (kind === 'bad-path-param') return op.parameters.some((p) => p.in === 'path')
    if (kind === 'bad-query-param') return op.parameters.some((p) => p.in === 'query')
    if (kind === 'unknown-method' || kind === 'unknown-query-param') return true
    return op.body !== undefined
  })
  return fc.record({
    valid: validPlanArbitrary(op, validators),
    kind: fc.constantFrom(...kinds),
    n: fc.nat({ max: 1_000_000 }),
    m: fc.nat({ max: 1_000_000 }),
    text: fc.string({ maxLength: 12 })
  }).map(({ valid, kind, n, m, text }) => ({ ...valid, invalid: { kind, n, m, text } }))
}

/** Validators of the request side (bodies and query strings), compiled once per operation. */
export class RequestValidators {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: false, coerceTypes: false }))
  private readonly bodies = new Map<string, ValidateFunction>()
  private readonly queries = new Map<string, ValidateFunction>()
  body (op: Operation): ValidateFunction {
    const cached = this.bodies.get(op.id)
    if (cached !== undefined) return cached
    const fn = this.ajv.compile(op.body ?? {})
    this.bodies.set(op.id, fn)
    return fn
  }

  query (op: Operation): ValidateFunction {
    const cached = this.queries.get(op.id)
    if (cached !== undefined) return cached
    const params = op.parameters.filter((p) => p.in === 'query')
    const fn = this.ajv.compile({
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
      required: params.filter((p) => p.required).map((p) => p.name)
    })
    this.queries.set(op.id, fn)
    return fn
  }
}

// ---------------------------------------------------------------------------------------------------
// Turning a plan into an inject request
// ---------------------------------------------------------------------------------------------------

/** Ids that exist, by the kind of path parameter (kept up to date by the runner from 2xx answers). */
export interface IdPools {
  redNotice: string[]
  assurance: string[]
  partner: string[]
  apiKey: string[]
  rescoringRun: string[]
  /** ETags seen per report id, for If-Match. */
  etags: Map<string, string>
}

export function poolFor (path: string, pools: IdPools): string[] {
  if (path.startsWith('/v1/red-notices')) return pools.redNotice
  if (path.startsWith('/v1/assurances')) return pools.assurance
  if (path.startsWith('/v1/partners')) return pools.partner
  if (path.startsWith('/v1/api-keys')) return pools.apiKey
  if (path.startsWith('/v1/rescoring-runs')) return pools.rescoringRun
  return []
}

export interface Request {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
}

const BAD_PATH_VALUES = ['not-a-uuid', '00000000-0000-0000-0000-00000000000g', '..%2F..%2Fetc', '%00', '1', 'ЖЖ', 'x'.repeat(90), '-1', 'null', '%7B%7D', 'rn', 'RUS']
const BAD_QUERY_VALUES = ['-1', '1e309', 'NaN', '', '%00', '%FF%FE', 'x'.repeat(3000), '[]', '{}', 'true', '2020-13-45', 'ZZZ', '__proto__']
const UNKNOWN_QUERY = ['__proto__[isAdmin]=1', 'constructor[prototype][x]=1', 'partnerId=x', 'role=admin', 'limit=1&limit=2', '%00=1', 'a[b][c][d][e]=1']
const UNKNOWN_METHODS = ['TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'LINK', 'SEARCH', 'LOCK', 'COPY']

function encodeQuery (query: Record<string, unknown>): string {
  const parts: string[] = []
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`)
  }
  return parts.join('&')
}

/** Fills ids, serialises, and applies the plan's breakage (if any). */
export function buildRequest (plan: Plan, pools: IdPools, token: string | null): Request {
  const { op } = plan
  const known = poolFor(op.path, pools)
  // Mostly ids that exist (so the operation does real work), sometimes ones that do not.
  const id = known.length > 0 && plan.pick % 5 !== 0 ? known[plan.pick % known.length]! : randomUUID()
  const pathValues: Record<string, string> = {}
  for (const p of op.parameters.filter((x) => x.in === 'path')) pathValues[p.name] = p.name === 'id' ? id : String(plan.path[p.name])
  const headers: Record<string, string> = { ...plan.headers }
  if (token !== null) headers.authorization = `Bearer ${token}`
  const etag = pools.etags.get(id)
  if (op.parameters.some((p) => p.name === 'if-match') && etag !== undefined && plan.pick % 4 !== 0) headers['if-match'] = etag
  if (headers['idempotency-key'] !== undefined) headers['idempotency-key'] = `${headers['idempotency-key']}-${plan.pick}`
  let query = encodeQuery(plan.query)
  let method = op.method.toUpperCase()
  let payload: string | Buffer | undefined
  if (op.body !== undefined) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(plan.body)
  }
  const bad = plan.invalid
  if (bad !== undefined) {
    switch (bad.kind) {
      case 'unknown-method': method = UNKNOWN_METHODS[bad.n % UNKNOWN_METHODS.length]!; break
      case 'bad-path-param': {
        const name = op.parameters.find((p) => p.in === 'path')!.name
        pathValues[name] = BAD_PATH_VALUES[bad.n % BAD_PATH_VALUES.length]!
        break
      }
      case 'bad-query-param': {
        const params = op.parameters.filter((p) => p.in === 'query')
        const name = params[bad.n % params.length]!.name
        query = [query, `${encodeURIComponent(name)}=${encodeURIComponent(BAD_QUERY_VALUES[bad.m % BAD_QUERY_VALUES.length]!)}`].filter((x) => x !== '').join('&')
        break
      }
      case 'unknown-query-param':
        query = [query, UNKNOWN_QUERY[bad.n % UNKNOWN_QUERY.length]!].filter((x) => x !== '').join('&')
        break
      case 'missing-body': payload = undefined; break
      case 'bad-utf8': {
        // Invalid UTF-8 sequences (lone continuation byte, overlong encoding, surrogate half) inside a string.
        const text = JSON.stringify(plan.body)
        const cut = Math.max(1, text.indexOf('"', bad.n % text.length) + 1)
        const junk = [Buffer.from([0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff, 0xfe])][bad.m % 4]!
        payload = Buffer.concat([Buffer.from(text.slice(0, cut)), junk, Buffer.from(text.slice(cut))])
        break
      }
      default: {
        // A body may lack what a mutation needs (no string member, no non-empty object): break its root instead.
        let hostile
        try { hostile = hostileBody(plan.body, [], bad.kind, bad.n, bad.m, bad.text) } catch { hostile = hostileBody(plan.body, [], 'wrong-type', 0, bad.m, bad.text) }
        payload = hostile.payload
        headers['content-type'] = hostile.contentType
      }
    }
  }
  const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name]!)
  return { method, url: query === '' ? url : `${url}?${query}`, headers, ...(payload === undefined ? {} : { payload }) }
}

// ---------------------------------------------------------------------------------------------------
// Judging answers
// ---------------------------------------------------------------------------------------------------

/** Answer validators compiled from the document, once per operation, status and media type. */
export class ResponseValidators {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: false }))
  private readonly cache = new Map<string, ValidateFunction>()
  readonly problem: ValidateFunction
  constructor (operations: readonly Operation[]) { this.problem = this.ajv.compile(problemSchema(operations)) }

  private compiled (key: string, schema: Schema): ValidateFunction {
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    const fn = this.ajv.compile(schema)
    this.cache.set(key, fn)
    return fn
  }

  /** Why this answer breaks the document's promise for `op` (empty when it keeps it). */
  check (op: Operation, res: InjectResponse): string[] {
    const declared = op.responses[String(res.statusCode)]
    if (declared === undefined) return [`status ${res.statusCode} is not declared for ${op.id}`]
    const media = String(res.headers['content-type'] ?? '').split(';')[0]!.trim()
    const types = Object.keys(declared)
    if (types.length === 0) return res.body === '' ? [] : [`${res.statusCode} declares no body, got ${res.body.length} chars`]
    if (!types.includes(media)) return [`content-type ${media} not among ${types.join(', ')}`]
    const schema = declared[media]
    if (schema === undefined) return []
    const value: unknown = media === 'application/json' || media.endsWith('+json') ? safeJson(res.body) : res.body
    const validate = this.compiled(`${op.id} ${res.statusCode} ${media}`, schema)
    return validate(value) ? [] : [`body breaks the ${res.statusCode} ${media} schema: ${this.ajv.errorsText(validate.errors)}`]
  }

  /** A 4xx must be RFC 9457 problem+json validating the document's problem schema. */
  checkProblem (res: InjectResponse): string[] {
    if (!/^application\/problem\+json; charset=utf-8$/.test(String(res.headers['content-type']))) return [`4xx content-type ${String(res.headers['content-type'])}`]
    if (res.body === '') return []
    const body = safeJson(res.body)
    if (!this.problem(body)) return [`problem schema: ${this.ajv.errorsText(this.problem.errors)}`]
    if ((body as { status?: unknown }).status !== res.statusCode) return ['problem status differs from the HTTP status']
    return []
  }
}

function safeJson (text: string): unknown {
  try { return JSON.parse(text) } catch { return Symbol('not JSON') }
}

/**
 * Text a client must never see. 2xx bodies carry what the partner wrote (free text may hold any word), so
 * only stack frames and driver text are looked for there; error bodies get the full list.
 */
export function leaksInAnswer (res: InjectResponse): string[] {
  if (res.statusCode >= 400) return leaksIn(res.body)
  return leaksIn(res.body).filter((leak) => /at |node_modules|Failed query|duplicate key|params:/.test(leak))
}

// ---------------------------------------------------------------------------------------------------
// Tallies printed by the runs
// ---------------------------------------------------------------------------------------------------

export class Tally {
  readonly byClass = new Map<string, number>()
  readonly byStatus = new Map<number, number>()
  readonly byOperation = new Map<string, number>()
  sent = 0
  add (op: Operation, status: number): void {
    this.sent++
    const cls = `${Math.floor(status / 100)}xx`
    this.byClass.set(cls, (this.byClass.get(cls) ?? 0) + 1)
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1)
    this.byOperation.set(op.id, (this.byOperation.get(op.id) ?? 0) + 1)
  }

  summary (): string {
    const sorted = <K, V>(map: Map<K, V>) => JSON.stringify(Object.fromEntries([...map].sort((a, b) => String(a[0]).localeCompare(String(b[0])))))
    return `${this.sent} requests; by class ${sorted(this.byClass)}; by status ${sorted(this.byStatus)}`
  }
}
