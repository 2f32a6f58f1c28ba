/**
 * S12 / OWASP API3 (mass assignment): server-owned members sent by a client (`partnerId`, `id`,
 * `revision`, `subjectId`, `score`, `createdBy`, …) are refused with a 400 naming them, at the top level
 * and nested, and nothing is stored. The Interpol import takes a foreign document whose schema is open
 * by design: there such members must simply have no effect.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileStrict } from '../../src/plugins/validation.ts'
import { AssuranceSchema } from '../../src/schemas/assurances.ts'
import { RedNoticeSchema } from '../../src/schemas/red-notices.ts'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice, russianAssurance } from '../helpers/bodies.ts'
import { createReport, createWorld, expectProblem, partnerChecksum, type World } from './support.ts'

const SERVER_OWNED = ['partnerId', 'id', 'revision', 'subjectId', 'score', 'createdBy', 'createdAt', 'updatedAt', 'withdrawnAt', 'erasedAt',
  'scoreStatus', 'currentScore', 'otherReportsOnSubject', 'reporterIdentity', 'apiKeyId', 'band']

describe('mass assignment (S12)', () => {
  let ctx: TestContext
  let world: World
  let notice: Record<string, unknown>
  let assurance: Record<string, unknown>
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { RATE_LIMIT_MAX: '100000' } })
    world = await createWorld(ctx)
    notice = await createReport(ctx, world.a.token, 'red-notices', chechenRedNotice())
    assurance = await createReport(ctx, world.a.token, 'assurances', russianAssurance())
  })
  afterAll(async () => { await ctx.close() })

  /** A value of the right shape for each member, so only the member's presence can be the reason for a refusal. */
  const valueFor = (member: string): unknown => ({
    partnerId: world.b.partnerId,
    id: randomUUID(),
    revision: 99,
    subjectId: randomUUID(),
    score: 0,
    createdBy: world.b.apiKeyId,
    band: 'low',
    currentScore: { score: 0, band: 'low' },
    otherReportsOnSubject: 0,
    scoreStatus: 'scored',
    reporterIdentity: 'NGO B',
    apiKeyId: world.b.apiKeyId
  } as Record<string, unknown>)[member] ?? '2020-01-01T00:00:00.000Z'

  const writes = () => [
    { name: 'POST /v1/red-notices', method: 'POST' as const, url: '/v1/red-notices', body: chechenRedNotice(), nested: ['subject', 'charges/0', 'events/0', 'sources/0'] },
    { name: 'PATCH /v1/red-notices/:id', method: 'PATCH' as const, url: `/v1/red-notices/${String(notice.id)}`, body: { status: 'challenged', subject: { gender: 'male' } }, nested: ['subject'] },
    { name: 'POST /v1/assurances', method: 'POST' as const, url: '/v1/assurances', body: russianAssurance(), nested: ['givenBy', 'monitoring'] },
    { name: 'PATCH /v1/assurances/:id', method: 'PATCH' as const, url: `/v1/assurances/${String(assurance.id)}`, body: { termsDisclosed: true, monitoring: { mechanism: 'ngo_access' } }, nested: ['monitoring'] }
  ]
  const inject = (write: ReturnType<typeof writes>[number], payload: unknown) => ctx.app.inject({
    method: write.method, url: write.url, payload: payload as object, headers: { ...bearer(world.a.token), ...(write.method === 'PATCH' ? { 'if-match': '"1"' } : {}) }
  })

  function withMember (body: unknown, at: string, member: string): unknown {
    const copy = structuredClone(body) as Record<string, unknown>
    let node = copy
    for (const key of at === '' ? [] : at.split('/')) node = node[key] as Record<string, unknown>
    node[member] = valueFor(member)
    return copy
  }

  it('refuses each server-owned member, at the top and nested, with 400 naming it; nothing is stored', async () => {
    const before = { a: await partnerChecksum(ctx, world.a.partnerId), b: await partnerChecksum(ctx, world.b.partnerId) }
    let refused = 0
    for (const write of writes()) {
      // The bodies are valid as they are: the member is the only difference.
      for (const at of ['', ...write.nested]) {
        for (const member of SERVER_OWNED) {
          const res = await inject(write, withMember(write.body, at, member))
          const pointer = `${at === '' ? '' : `/${at}`}/${member}`
          const problem = expectProblem(res, 400, `${write.name} with ${pointer}`)
          expect(problem.errors, `${write.name} ${pointer}`).toContainEqual({ in: 'body', pointer, message: 'is not an allowed property' })
          expect(problem.detail).toContain(pointer)
          refused++
        }
      }
    }
    expect({ a: await partnerChecksum(ctx, world.a.partnerId), b: await partnerChecksum(ctx, world.b.partnerId) }).toEqual(before)
    console.log(`mass assignment: ${refused} writes with a server-owned member, all 400 naming it, nothing stored`)
    // The same bodies without the member go through: the refusals above were about the member alone.
    for (const write of writes()) expect((await inject(write, write.body)).statusCode, write.name).toBeLessThan(300)
  })

  it('partners and API keys: ids, owners, secrets and timestamps are the server\'s', async () => {
    const admin = bearer(world.adminKey.token)
    for (const member of ['id', 'createdAt', 'partnerId']) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/partners', headers: admin, payload: { name: `P ${randomUUID()}`, [member]: randomUUID() } })
      expect(expectProblem(res, 400, `partner with ${member}`).errors).toContainEqual({ in: 'body', pointer: `/${member}`, message: 'is not an allowed property' })
    }
    for (const member of ['partnerId', 'keyId', 'secretHash', 'apiKey', 'revokedAt', 'id']) {
      const res = await ctx.app.inject({ method: 'POST', url: `/v1/partners/${world.a.partnerId}/api-keys`, headers: admin, payload: { role: 'reporter', [member]: 'x' } })
      expect(expectProblem(res, 400, `api key with ${member}`).errors).toContainEqual({ in: 'body', pointer: `/${member}`, message: 'is not an allowed property' })
    }
  })

  it('the Interpol import ignores server-owned members in the foreign document', async () => {
    const doc = {
      entity_id: '2019/114539',
      forename: 'ARSEN',
      name: 'TESTOV',
      nationalities: ['RU'],
      arrest_warrants: [{ issuing_country_id: 'RU', charge: 'Fraud' }],
      partnerId: world.b.partnerId,
      id: randomUUID(),
      revision: 7,
      subjectId: randomUUID(),
      score: 0,
      createdBy: world.b.apiKeyId
    }
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/imports/interpol', headers: bearer(world.a.token), payload: doc })
    expect(res.statusCode, res.body).toBe(201)
    const { report } = res.json()
    expect(report.id).not.toBe(doc.id)
    expect(report.subjectId).not.toBe(doc.subjectId)
    expect(report.revision).toBe(1)
    expect(report.scoreStatus).toBe('pending')
    // Stored for A, not for the partner the document named.
    expect((await ctx.app.inject({ url: `/v1/red-notices/${String(report.id)}`, headers: bearer(world.a.token) })).statusCode).toBe(200)
    expect((await ctx.app.inject({ url: `/v1/red-notices/${String(report.id)}`, headers: bearer(world.b.token) })).statusCode).toBe(404)
  })

  it('reporters read their own records in exactly the documented shape, nothing more', async () => {
    const checks = [[`/v1/red-notices/${String(notice.id)}`, compileStrict(RedNoticeSchema)], [`/v1/assurances/${String(assurance.id)}`, compileStrict(AssuranceSchema)]] as const
    for (const [url, validate] of checks) {
      const res = await ctx.app.inject({ url, headers: bearer(world.a.token) })
      expect(res.statusCode).toBe(200)
      expect(validate(res.json()), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true)
      expect(res.body).not.toContain(world.a.partnerId)
      expect(res.body).not.toContain(world.a.apiKeyId)
    }
  })
})
