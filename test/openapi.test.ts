import fs from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { renderOpenApiDocument } from '../src/openapi-document.ts'

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
