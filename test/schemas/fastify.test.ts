/**
 * End to end through a real Fastify instance configured as docs/security.md §4 asks, so the
 * schemas are proven with Fastify's own ajv compiler, body parser and serialiser.
 */
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedNoticeInputSchema, RedNoticePseudonymisedSchema } from '../../src/schemas/red-notices.ts'
import { FASTIFY_AJV_OPTIONS, redNoticeBody } from './helpers.ts'

const app = Fastify({ ajv: { customOptions: { ...FASTIFY_AJV_OPTIONS } } })

beforeAll(async () => {
  // The handler echoes the stored record, identities included: only the response schema protects.
  app.post('/red-notices', {
    schema: { body: RedNoticeInputSchema, response: { 200: RedNoticePseudonymisedSchema } }
  }, async (request) => ({
    id: '6f1c3c1e-8d2a-4c59-9a39-2b2f4f2e0a11',
    subjectId: '1d6a2f0c-52b1-4a3e-8d4e-77f0c9b7a001',
    revision: 1,
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    withdrawnAt: null,
    erasedAt: null,
    scoreStatus: 'pending',
    otherReportsOnSubject: 0,
    partnerId: 'partner-secret',
    ...(request.body as object)
  }))
  await app.ready()
})
afterAll(() => app.close())

const post = (payload: string) => app.inject({ method: 'POST', url: '/red-notices', headers: { 'content-type': 'application/json' }, payload })

describe('Fastify with these schemas', () => {
  it('accepts a valid body and answers without identities', async () => {
    const response = await post(JSON.stringify(redNoticeBody()))
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain('Aslan')
    expect(response.body).not.toContain('partner-secret')
    expect(response.body).not.toContain('1982-12-02')
    expect(response.json().subject.nationalities).toEqual(['RU'])
  })

  it('rejects an unknown nested property with 400 instead of dropping it', async () => {
    const body = redNoticeBody()
    body.subject.asylum.judge = 'x'
    const response = await post(JSON.stringify(body))
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toContain('/subject/asylum')
  })

  it('rejects a "__proto__" member with 400', async () => {
    const payload = JSON.stringify(redNoticeBody()).replace('"subject":{', '"subject":{"__proto__":{"isAdmin":true},')
    expect((await post(payload)).statusCode).toBe(400)
  })

  it('does not coerce types', async () => {
    const body = redNoticeBody()
    body.subject.relativesPressured = 'true'
    expect((await post(JSON.stringify(body))).statusCode).toBe(400)
  })
})
