import { execFile } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { createBatchScorer } from '../../src/scoring/score-batch.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice, russianAssurance } from '../helpers/bodies.ts'

const run = promisify(execFile)
const id = randomBytes(4).toString('hex')
const LATIN = `CANARY-Zelimkhan-${id}`
const CYRILLIC = `КАНАРЕЙКА-Зелимхан-${id}`

/** Every form a leaked canary could take in a log line, a dump or a Redis value. */
function forms (canary: string): string[] {
  const bytes = Buffer.from(canary, 'utf8')
  return [canary, canary.toLowerCase(), canary.toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(canary), JSON.stringify(canary).slice(1, -1)]
}
const leaks = (haystack: string): string[] => [LATIN, CYRILLIC].flatMap(forms).filter((form) => haystack.includes(form))

describe('canary sweep (security.md S10): a subject\'s name leaks nowhere', () => {
  let ctx: TestContext
  let a: PartnerKey
  let b: PartnerKey
  let analyst: { token: string }
  let redis: Redis
  const prefix = `canary-${id}`
  const answersToOthers: string[] = []
  const ids: { notices: string[], assurances: string[] } = { notices: [], assurances: [] }

  beforeAll(async () => {
    ctx = await createTestContext({ queue: () => new BullmqScoringQueue({ url: inject('redisUrl'), prefix }, createLogger('silent')) })
    redis = new Redis(inject('redisUrl'))
    const admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'Canary NGO A')
    b = await createPartner(ctx, admin.token, 'Canary NGO B')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')

    const withCanaries = (canary: string) => {
      const body = chechenRedNotice({ fullName: `${canary} Dudaev`, aliases: [`${canary}-alias`], dateOfBirth: '1987-01-01' }) as ReturnType<typeof chechenRedNotice> & { interpolNoticeId: string }
      body.subject.notes = `notes about ${canary}`
      body.events[1]!.note = `event note ${canary}`
      body.sources[0]!.reference = `https://example.org/${canary}`
      // Free text that can carry a name (docs/disclosure-policy.md): the charge's wording.
      body.charges[0]!.description = `Financing the armed group of ${canary}`
      return body
    }
    const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'POST', url, headers: { ...bearer(a.token), 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })

    // Successful writes through every path.
    for (const canary of [LATIN, CYRILLIC]) {
      const key = randomUUID()
      const notice = await post('/v1/red-notices', withCanaries(canary), { 'idempotency-key': key })
      expect(notice.statusCode, notice.body).toBe(201)
      ids.notices.push(notice.json().id)
      await post('/v1/red-notices', withCanaries(canary), { 'idempotency-key': key })
      const assurance = await post('/v1/assurances', { ...russianAssurance(), subjectFullName: canary, notes: `notes ${canary}` })
      expect(assurance.statusCode, assurance.body).toBe(201)
      ids.assurances.push(assurance.json().id)
      const patched = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${notice.json().id}`, headers: { ...bearer(a.token), 'if-match': '"1"' }, payload: { subject: { notes: `patched ${canary}` } } })
      expect(patched.statusCode, patched.body).toBe(200)
      const imported = await post('/v1/imports/interpol', {
        entity_id: '2019/114539',
        forename: canary,
        name: 'DUDAEV',
        date_of_birth: '1987/01/01',
        sex_id: 'M',
        nationalities: ['RU'],
        arrest_warrants: [{ issuing_country_id: 'RU', charge: `Participation in an illegal armed formation led by ${canary}`, charge_translation: null }],
        _embedded: { links: [] },
        _links: {}
      })
      expect(imported.statusCode, imported.body).toBe(201)
      ids.notices.push(imported.json().report.id)
    }
    // Failing writes: each must be refused without the canary reaching logs or storage.
    const failing = [
      post('/v1/red-notices', `{"mechanism":"red_notice","subject":{"fullName":"${LATIN}"`),
      post('/v1/red-notices', { ...withCanaries(LATIN), mechanism: LATIN }),
      post('/v1/red-notices', { ...withCanaries(LATIN), [LATIN]: true }),
      post('/v1/red-notices', { ...withCanaries(LATIN), subject: { ...withCanaries(LATIN).subject, fullName: LATIN.repeat(200) } }),
      post('/v1/red-notices', `{"__proto__":{"fullName":"${LATIN}"}}`),
      post('/v1/red-notices', { ...withCanaries(CYRILLIC), subject: { ...withCanaries(CYRILLIC).subject, dateOfBirth: CYRILLIC } }),
      post('/v1/assurances', { ...russianAssurance(), subjectFullName: LATIN, redNoticeId: randomUUID() }),
      post('/v1/imports/interpol', { total: 1, query: { name: LATIN }, _embedded: { notices: [{ name: LATIN }] } }),
      ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${ids.notices[0]}`, headers: { ...bearer(a.token), 'if-match': '"1"' }, payload: { subject: { fullName: LATIN } } }),
      ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${ids.notices[0]}`, headers: { ...bearer(b.token), 'if-match': '"2"' }, payload: { subject: { fullName: LATIN } } }),
      ctx.app.inject({ method: 'GET', url: `/v1/red-notices?subjectId=${encodeURIComponent(LATIN)}`, headers: bearer(a.token) })
    ]
    for (const res of await Promise.all(failing)) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
      expect(res.statusCode).toBeLessThan(500)
    }
    // Scored as the worker scores them, so explanations are in the dump and in the answers below.
    const scorer = createBatchScorer({ db: ctx.database.db, log: createLogger('silent') })
    const outcomes = await scorer(ids.notices.map((reportId, i) => ({ job: { kind: 'red_notice' as const, reportId, revision: i % 2 === 0 ? 2 : 1 }, meta: { jobId: `canary-${i}`, attempt: 1 } })))
    expect(outcomes.every((o) => o.ok)).toBe(true)
    // What everyone but the reporting partner gets back.
    for (const token of [b.token, analyst.token]) {
      for (const url of ['/v1/red-notices?limit=200', '/v1/assurances?limit=200', ...ids.notices.flatMap((n) => [`/v1/red-notices/${n}`, `/v1/red-notices/${n}/revisions`, `/v1/red-notices/${n}/score`]), ...ids.assurances.map((n) => `/v1/assurances/${n}`)]) {
        answersToOthers.push((await ctx.app.inject({ url, headers: bearer(token) })).body)
      }
    }
    // Erasure is a write path too.
    const admin2 = admin.token
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${ids.notices[1]}?erase=true`, headers: bearer(admin2) })).statusCode).toBe(204)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }, 60_000)

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
    await ctx.close()
  })

  it('the reporting partner reads its canaries back (the sweep is looking at real data)', async () => {
    const own = await ctx.app.inject({ url: `/v1/red-notices/${ids.notices[0]}`, headers: bearer(a.token) })
    expect(own.body).toContain(LATIN)
    expect(own.json().charges[0].description).toContain(LATIN)
    const imported = await ctx.app.inject({ url: `/v1/red-notices/${ids.notices[3]}`, headers: bearer(a.token) })
    expect(imported.json().charges[0].description).toContain(CYRILLIC)
    // Scored: the explanations exist, and quote no charge text (the sweeps below).
    const score = await ctx.app.inject({ url: `/v1/red-notices/${ids.notices[0]}/score`, headers: bearer(a.token) })
    expect(score.json().contributions.length).toBeGreaterThan(0)
    expect(leaks(score.body)).toEqual([])
  })

  it('is absent from every log line', () => {
    expect(ctx.logs.lines.length).toBeGreaterThan(50)
    expect(leaks(ctx.logs.text())).toEqual([])
  })

  it('is absent from a plain pg_dump of the database', async () => {
    const { stdout } = await run('pg_dump', ['--data-only', '--no-owner', ctx.testDatabase!.url], { maxBuffer: 64 * 1024 * 1024 })
    expect(stdout).toContain('red_notice_revisions')
    expect(leaks(stdout)).toEqual([])
  })

  it('is absent from every Redis key and value of the queue', async () => {
    const keys = await redis.keys(`${prefix}:*`)
    expect(keys.length).toBeGreaterThan(0)
    let dump = keys.join('\n')
    for (const key of keys) {
      const type = await redis.type(key)
      if (type === 'string') dump += await redis.get(key)
      else if (type === 'hash') dump += JSON.stringify(await redis.hgetall(key))
      else if (type === 'list') dump += (await redis.lrange(key, 0, -1)).join('\n')
      else if (type === 'set') dump += (await redis.smembers(key)).join('\n')
      else if (type === 'zset') dump += (await redis.zrange(key, 0, -1)).join('\n')
      else if (type === 'stream') dump += JSON.stringify(await redis.xrange(key, '-', '+'))
    }
    expect(leaks(dump)).toEqual([])
  })

  it('is absent from every answer to another partner and to analysts', () => {
    expect(answersToOthers.length).toBeGreaterThan(10)
    expect(leaks(answersToOthers.join('\n'))).toEqual([])
  })
})
