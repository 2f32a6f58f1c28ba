/**
 * Partners read these schemas through the OpenAPI document, so the document @fastify/swagger
 * builds from them must be valid, in both OpenAPI 3.0 and 3.1.
 */
import swagger from '@fastify/swagger'
import { Validator } from '@seriousme/openapi-schema-validator'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { InterpolNoticeSchema } from '../../src/domain/interpol.ts'
import {
  AssuranceInputSchema, AssurancePatchSchema, AssurancePseudonymisedPageSchema, AssuranceSchema
} from '../../src/schemas/assurances.ts'
import { ProblemSchema } from '../../src/schemas/common.ts'
import {
  RedNoticeInputSchema, RedNoticePatchSchema, RedNoticePseudonymisedPageSchema, RedNoticeSchema
} from '../../src/schemas/red-notices.ts'
import { ScoreHistorySchema, ScorePendingSchema, ScoreSchema } from '../../src/schemas/scores.ts'

async function openapiDocument (version: string) {
  const app = Fastify()
  await app.register(swagger, { openapi: { openapi: version, info: { title: 'red-notice-monitor', version: '1' } } })
  const handler = async () => ({})
  const problem = { 400: ProblemSchema }
  app.post('/v1/red-notices', { schema: { body: RedNoticeInputSchema, response: { 201: RedNoticeSchema, ...problem } } }, handler)
  app.patch('/v1/red-notices/:id', { schema: { body: RedNoticePatchSchema, response: { 200: RedNoticeSchema, ...problem } } }, handler)
  app.get('/v1/red-notices', { schema: { response: { 200: RedNoticePseudonymisedPageSchema } } }, handler)
  app.get('/v1/red-notices/:id/score', { schema: { response: { 200: ScoreSchema, 202: ScorePendingSchema } } }, handler)
  app.get('/v1/red-notices/:id/scores', { schema: { response: { 200: ScoreHistorySchema } } }, handler)
  app.post('/v1/assurances', { schema: { body: AssuranceInputSchema, response: { 201: AssuranceSchema, ...problem } } }, handler)
  app.patch('/v1/assurances/:id', { schema: { body: AssurancePatchSchema, response: { 200: AssuranceSchema } } }, handler)
  app.get('/v1/assurances', { schema: { response: { 200: AssurancePseudonymisedPageSchema } } }, handler)
  app.post('/v1/imports/interpol', { schema: { body: InterpolNoticeSchema, response: { 201: RedNoticeSchema } } }, handler)
  await app.ready()
  const document = app.swagger()
  await app.close()
  return document
}

describe('OpenAPI document', () => {
  it.each(['3.0.3', '3.1.0'])('is valid OpenAPI %s', async (version) => {
    const validator = new Validator()
    const result = await validator.validate(await openapiDocument(version) as Parameters<Validator['validate']>[0])
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })
})
