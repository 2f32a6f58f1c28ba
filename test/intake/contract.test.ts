/**
 * The contract as the document states it: PATCH is JSON Merge Patch under its own media type, a PATCH that
 * changes nothing is not a change, enum errors name the allowed values, and date filters take a plain date.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { MECHANISMS } from '../../src/schemas/vocabularies.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice, russianAssurance } from '../helpers/bodies.ts'

describe('the API keeps the contract its document states', () => {
  let ctx: TestContext
  let queue: RecordingQueue
  let admin: { token: string, partnerId: string }
  let reporter: PartnerKey
  let analyst: { token: string }

  beforeAll(async () => {
    queue = new RecordingQueue()
    ctx = await createTestContext({ queue })
    admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Contract NGO')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
  })
  afterAll(async () => { await ctx.close() })

  const file = async (url: string, payload: object): Promise<{ id: string, revision: number }> => {
    const res = await ctx.app.inject({ method: 'POST', url, headers: bearer(reporter.token), payload })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }
  const patch = (url: string, ifMatch: string, payload: unknown, contentType = 'application/merge-patch+json') => ctx.app.inject({
    method: 'PATCH', url, headers: { ...bearer(reporter.token), 'if-match': ifMatch, 'content-type': contentType }, payload: JSON.stringify(payload)
  })
  // Counted per report: earlier tests' linked reports are rescored after their commit and may be enqueued late.
  const jobsFor = (reportId: string): number => queue.jobs.filter((job) => job.reportId === reportId).length
  const revisions = async (url: string) =>
    (await ctx.app.inject({ url: `${url}/revisions`, headers: bearer(reporter.token) })).json().items as Array<{ revision: number }>

  describe('PATCH is JSON Merge Patch', () => {
    it('takes application/merge-patch+json, as well as application/json, on every PATCH route', async () => {
      const report = `/v1/red-notices/${(await file('/v1/red-notices', chechenRedNotice())).id}`
      const assurance = `/v1/assurances/${(await file('/v1/assurances', russianAssurance())).id}`
      const merged = await patch(report, '"1"', { status: 'challenged', subject: { profiles: ['activist'] } })
      expect(merged.statusCode, merged.body).toBe(200)
      expect(merged.json()).toMatchObject({ revision: 2, status: 'challenged', subject: { fullName: 'Магомед Исаев', profiles: ['activist'] } })
      expect((await patch(report, '"2"', { status: 'active' }, 'application/merge-patch+json; charset=utf-8')).json()).toMatchObject({ revision: 3, status: 'active' })
      expect((await patch(report, '"3"', { status: null }, 'application/json')).json()).toMatchObject({ revision: 4 })
      const assured = await patch(assurance, '"1"', { priorCompliance: 'breached', monitoring: { lawyerAccess: 'none' } })
      expect(assured.statusCode, assured.body).toBe(200)
      expect(assured.json()).toMatchObject({ revision: 2, priorCompliance: 'breached', monitoring: { lawyerAccess: 'none' } })
    })

    it('parses a merge patch as strictly as JSON: bad JSON is 400, a __proto__ key is 400', async () => {
      const report = `/v1/red-notices/${(await file('/v1/red-notices', chechenRedNotice())).id}`
      for (const payload of ['{"status": ', '{"__proto__": {"status": "active"}}']) {
        const res = await ctx.app.inject({ method: 'PATCH', url: report, headers: { ...bearer(reporter.token), 'if-match': '"1"', 'content-type': 'application/merge-patch+json' }, payload })
        expect(res.statusCode).toBe(400)
        expect(res.headers['content-type']).toContain('application/problem+json')
      }
    })

    it('refuses the merge-patch media type on POST with 415', async () => {
      const res = await ctx.app.inject({
        method: 'POST', url: '/v1/red-notices', headers: { ...bearer(reporter.token), 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify(chechenRedNotice())
      })
      expect(res.statusCode).toBe(415)
      expect(res.json()).toMatchObject({ status: 415, title: 'Unsupported Media Type' })
    })

    it('answers 428, not 400, without If-Match, whatever the media type', async () => {
      const report = `/v1/red-notices/${(await file('/v1/red-notices', chechenRedNotice())).id}`
      const res = await ctx.app.inject({ method: 'PATCH', url: report, headers: { ...bearer(reporter.token), 'content-type': 'application/merge-patch+json' }, payload: '{"status":"active"}' })
      expect(res.statusCode).toBe(428)
      expect(res.json()).toMatchObject({ status: 428, title: 'Precondition Required' })
    })
  })

  describe('a PATCH that changes nothing', () => {
    it('adds no revision to a report: same ETag, same revision, no scoring job', async () => {
      const created = await file('/v1/red-notices', chechenRedNotice())
      const url = `/v1/red-notices/${created.id}`
      const before = await ctx.app.inject({ url, headers: bearer(reporter.token) })
      const jobs = jobsFor(created.id)
      // Members set to what they are, a member removed that is absent, an array resent whole.
      const same = await patch(url, '"1"', { status: 'active', mechanism: 'red_notice', subject: { religion: null, nationalities: before.json().subject.nationalities } })
      expect(same.statusCode, same.body).toBe(200)
      expect(same.headers.etag).toBe('"1"')
      expect(same.json()).toEqual(before.json())
      await new Promise((resolve) => setImmediate(resolve))
      expect(jobsFor(created.id)).toBe(jobs)
      expect((await revisions(url)).map((r) => r.revision)).toEqual([1])
      // The next real change is revision 2, and it is scored.
      const changed = await patch(url, '"1"', { status: 'challenged' })
      expect(changed.headers.etag).toBe('"2"')
      await new Promise((resolve) => setImmediate(resolve))
      expect(queue.jobs).toContainEqual({ kind: 'red_notice', reportId: created.id, revision: 2 })
    })

    it('adds no revision to an assurance either', async () => {
      const created = await file('/v1/assurances', russianAssurance())
      const url = `/v1/assurances/${created.id}`
      const jobs = jobsFor(created.id)
      const same = await patch(url, '"1"', { givingState: russianAssurance().givingState })
      expect(same.statusCode, same.body).toBe(200)
      expect(same.headers.etag).toBe('"1"')
      expect(same.json().revision).toBe(1)
      await new Promise((resolve) => setImmediate(resolve))
      expect(jobsFor(created.id)).toBe(jobs)
      expect((await revisions(url)).map((r) => r.revision)).toEqual([1])
    })

    it('still needs the current If-Match: a stale one is 412 even when nothing would change', async () => {
      const url = `/v1/red-notices/${(await file('/v1/red-notices', chechenRedNotice())).id}`
      expect((await patch(url, '"1"', { status: 'challenged' })).statusCode).toBe(200)
      expect((await patch(url, '"1"', { status: 'challenged' })).statusCode).toBe(412)
    })
  })

  describe('enum errors name the allowed values', () => {
    it('in a body', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: { ...chechenRedNotice(), mechanism: 'telegram' } })
      expect(res.statusCode).toBe(400)
      const [error] = res.json().errors
      expect(error).toEqual({ in: 'body', pointer: '/mechanism', message: `must be one of: ${MECHANISMS.join(', ')}` })
      expect(res.json().detail).toContain(MECHANISMS[0])
      expect(res.body).not.toContain('telegram')
    })

    it('in a query string', async () => {
      const res = await ctx.app.inject({ url: '/v1/red-notices?status=asleep', headers: bearer(analyst.token) })
      expect(res.statusCode).toBe(400)
      expect(res.json().errors[0]).toMatchObject({ in: 'querystring', pointer: '/status' })
      expect(res.json().errors[0].message).toMatch(/^must be one of: .*\bactive\b/)
    })

    it('for a union of literals (webhook events), as one error', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(reporter.token), payload: { url: 'https://alerts.example.org/x', events: ['score.changed'] } })
      expect(res.statusCode).toBe(400)
      expect(res.json().errors).toEqual([{ in: 'body', pointer: '/events/0', message: 'must be one of: score.band_raised, score.failed' }])
    })

    it('in a PATCH body', async () => {
      const url = `/v1/assurances/${(await file('/v1/assurances', { givingState: 'RU', receivingState: 'FR' })).id}`
      const res = await patch(url, '"1"', { givenBy: { level: 'oracle' } })
      expect(res.statusCode).toBe(400)
      expect(res.json().errors[0].message).toMatch(/^must be one of: /)
    })
  })

  describe('date filters take a plain date, which covers that whole UTC day', () => {
    const stamps: Record<string, string> = {
      newYear: '2025-01-01T00:00:00.000Z',
      lastMinute: '2025-01-31T23:59:59.999Z',
      february: '2025-02-01T00:00:00.000Z',
      december: '2024-12-31T23:59:59.999Z'
    }
    const reportIds: Record<string, string> = {}
    const assuranceIds: Record<string, string> = {}
    let partner: PartnerKey

    beforeAll(async () => {
      partner = await createPartner(ctx, admin.token, 'Dated NGO')
      for (const [name, at] of Object.entries(stamps)) {
        const post = async (url: string, payload: object) => {
          const res = await ctx.app.inject({ method: 'POST', url, headers: bearer(partner.token), payload })
          expect(res.statusCode, res.body).toBe(201)
          return res.json().id as string
        }
        reportIds[name] = await post('/v1/red-notices', chechenRedNotice({ fullName: `Dated ${name}` }))
        assuranceIds[name] = await post('/v1/assurances', russianAssurance())
        await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
          await tx.execute(sql`update red_notices set created_at = ${at}::timestamptz where id = ${reportIds[name]}`)
          await tx.execute(sql`update assurances set created_at = ${at}::timestamptz where id = ${assuranceIds[name]}`)
        })
      }
    })

    const namesOf = (ids: Record<string, string>, items: Array<{ id: string }>) =>
      items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id)).filter((name) => name !== undefined).sort()
    const list = async (path: string, query: string) => {
      const res = await ctx.app.inject({ url: `${path}?limit=200&${query}`, headers: bearer(partner.token) })
      expect(res.statusCode, res.body).toBe(200)
      return res.json().items as Array<{ id: string }>
    }

    it('on red-notice lists and exports', async () => {
      expect(namesOf(reportIds, await list('/v1/red-notices', 'createdFrom=2025-01-01&createdTo=2025-01-31'))).toEqual(['lastMinute', 'newYear'])
      expect(namesOf(reportIds, await list('/v1/red-notices', 'createdTo=2025-01-01'))).toEqual(['december', 'newYear'])
      expect(namesOf(reportIds, await list('/v1/red-notices', 'createdFrom=2025-02-01'))).toEqual(['february'])
      // A date-time keeps its meaning: createdTo is exclusive of that instant.
      expect(namesOf(reportIds, await list('/v1/red-notices', `createdTo=${encodeURIComponent(stamps.february!)}&createdFrom=2025-01-31`))).toEqual(['lastMinute'])
      const exported = await ctx.app.inject({ url: '/v1/exports/red-notices?createdFrom=2025-01-31&createdTo=2025-01-31', headers: bearer(partner.token) })
      expect(exported.statusCode, exported.body).toBe(200)
      expect(exported.body).toContain(reportIds.lastMinute)
      for (const name of ['newYear', 'february', 'december']) expect(exported.body).not.toContain(reportIds[name])
    })

    it('on assurance lists', async () => {
      expect(namesOf(assuranceIds, await list('/v1/assurances', 'createdFrom=2025-01-01&createdTo=2025-01-31'))).toEqual(['lastMinute', 'newYear'])
    })

    it('on the audit log', async () => {
      const res = await ctx.app.inject({ url: `/v1/audit-events?from=${new Date().toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}&limit=200`, headers: bearer(admin.token) })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().items.length).toBeGreaterThan(0)
      const none = await ctx.app.inject({ url: '/v1/audit-events?to=2000-01-01', headers: bearer(admin.token) })
      expect(none.json().items).toEqual([])
    })

    it('refuses anything that is neither a date nor a date-time, naming the field', async () => {
      for (const value of ['2025-1-1', 'yesterday', '2025-02-30']) {
        const res = await ctx.app.inject({ url: `/v1/red-notices?createdFrom=${value}`, headers: bearer(partner.token) })
        expect(res.statusCode).toBe(400)
        expect(res.json().errors).toEqual([{ in: 'querystring', pointer: '/createdFrom', message: 'must match format "date" or "date-time"' }])
      }
    })
  })
})
