import fs from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { INDICATORS, RULESET_VERSION } from '../src/domain/index.ts'
import { renderOpenApiDocument } from '../src/openapi-document.ts'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
interface Operation { parameters?: Array<{ in: string, name: string, required?: boolean }>, requestBody?: { content: Record<string, { schema: Json }> }, responses: Record<string, unknown> }
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

/** Every object of the document with its JSON pointer, depth first. */
function * objects (node: Json, pointer = ''): Generator<[string, Record<string, Json>]> {
  if (Array.isArray(node)) { for (const [i, item] of node.entries()) yield * objects(item, `${pointer}/${i}`); return }
  if (node === null || typeof node !== 'object') return
  yield [pointer, node]
  for (const [key, value] of Object.entries(node)) yield * objects(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`)
}

describe('openapi/openapi.json', () => {
  const committed = fs.readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')

  it('equals what the routes generate (run `npm run openapi` after changing a route)', async () => {
    expect(committed).toBe(await renderOpenApiDocument())
  })

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator()
    const result = await validator.validate(JSON.parse(committed))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('has examples that validate against their own schemas', () => {
    const doc = JSON.parse(committed) as { paths: Json, components: { schemas: Record<string, Json> } }
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; `$ref`s to components are resolved by registering each one.
    const BASE = 'https://red-notice-monitor.invalid/schemas/'
    const rebased = (value: Json) => JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${BASE}`)) as Json
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }))
    for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(rebased(schema) as object, `${BASE}${name}`)
    const failures: string[] = []
    let checked = 0
    const check = (pointer: string, schema: Json, example: Json) => {
      const validate = ajv.compile(rebased(schema) as object)
      checked++
      if (!validate(structuredClone(example))) failures.push(`${pointer}: ${ajv.errorsText(validate.errors)}`)
    }
    for (const [pointer, node] of objects(doc as unknown as Json)) {
      // A schema's `examples` is an array of instances; a parameter's or media type's `example` goes with its `schema`.
      if (Array.isArray(node.examples) && !pointer.endsWith('/properties')) for (const example of node.examples) check(pointer, node, example)
      if ('example' in node && 'schema' in node) check(pointer, node.schema!, node.example!)
    }
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThan(100)
  })

  it('has examples consistent with the service: real indicator ids, the current ruleset', () => {
    const doc = JSON.parse(committed) as { components: { schemas: Record<string, { properties?: Record<string, { examples?: unknown[] }> }> } }
    const { Contribution, Indicator, Score } = doc.components.schemas
    const ids = new Set(INDICATORS.map((indicator) => indicator.id))
    for (const example of [...Contribution?.properties?.indicatorId?.examples ?? [], ...Indicator?.properties?.id?.examples ?? []]) expect(ids).toContain(example)
    expect(Score?.properties?.rulesetVersion?.examples).toEqual([RULESET_VERSION])
  })

  it('marks If-Match required wherever the API answers 428 without it, and takes merge patches on every PATCH', () => {
    const doc = JSON.parse(committed) as { paths: Record<string, Record<string, Operation>> }
    let preconditioned = 0
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if ('428' in operation.responses) {
          preconditioned++
          expect(operation.parameters?.find((p) => p.in === 'header' && p.name === 'if-match'), `${method} ${path}`).toMatchObject({ required: true })
        }
        if (method === 'patch') {
          const content = operation.requestBody?.content ?? {}
          expect(Object.keys(content).sort(), `${method} ${path}`).toEqual(['application/json', 'application/merge-patch+json'])
          expect(content['application/merge-patch+json']?.schema).toEqual(content['application/json']?.schema)
        }
      }
    }
    expect(preconditioned).toBeGreaterThanOrEqual(2)
  })

  it('names its shared schemas: components referenced by $ref, not copies', () => {
    const doc = JSON.parse(committed) as { components: { schemas: Record<string, unknown> } }
    for (const name of ['RedNotice', 'RedNoticePseudonymised', 'RedNoticeInput', 'RedNoticePatch', 'Assurance', 'Score', 'Contribution', 'Problem', 'Webhook', 'Indicator']) {
      expect(doc.components.schemas, name).toHaveProperty(name)
      expect(committed).toContain(`"$ref": "#/components/schemas/${name}"`)
    }
    // The document was 1.4 MB when every operation carried its own copy of every schema.
    expect(committed.length).toBeLessThan(500_000)
  })

  it('documents every operation with an operationId and a summary', () => {
    const doc = JSON.parse(committed) as { paths: Record<string, Record<string, { operationId?: string, summary?: string }>> }
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item))
    expect(operations.length).toBeGreaterThan(0)
    for (const operation of operations) {
      expect(operation.operationId).toBeTruthy()
      expect(operation.summary).toBeTruthy()
    }
  })
})
