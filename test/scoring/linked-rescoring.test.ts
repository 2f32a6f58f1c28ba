import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { createScoringJobHandler } from '../../src/scoring/job-handler.ts'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

describe('linked reports feed each other\'s context', () => {
  let ctx: TestContext
  let queue: InProcessQueue
  let a: PartnerKey
  let b: PartnerKey
  let admin: { token: string }
  beforeAll(async () => {
    ctx = await createTestContext({
      queue: (database, log) => { queue = new InProcessQueue({ handler: createScoringJobHandler({ db: database.db, log }), concurrency: 2, log }); return queue }
    })
    admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'First NGO')
    b = await createPartner(ctx, admin.token, 'Second NGO')
  })
  afterAll(async () => { await ctx.close() })

  /** Lets the post-commit lookups run, then waits for the queue to empty. */
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 100))
    await queue.drain()
  }
  const history = async (id: string, token: string) => (await ctx.app.inject({ url: `/v1/red-notices/${id}/scores`, headers: bearer(token) })).json().items as Array<{ contributions: Array<{ indicatorId: string }> }>

  it('rescores an earlier report when another partner\'s report on the same person, with a refused extradition, is confirmed', async () => {
    const first = (await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(a.token), payload: chechenRedNotice({ fullName: 'Ахмед Линкедов', dateOfBirth: '1985-05-05' }) })).json()
    await settle()
    const before = await history(first.id, a.token)
    expect(before).toHaveLength(1)

    const second = chechenRedNotice({ fullName: 'Akhmed Linkedov', dateOfBirth: '1985-05-05' })
    second.events = [{ type: 'extradition_refused', date: '2021-03-01', grounds: 'torture_risk' } as never]
    const filed = (await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(b.token), payload: second })).json()
    await settle()
    // docs/disclosure-policy.md: another partner's report counts only once the secretariat confirms the subject.
    expect(await history(first.id, a.token)).toHaveLength(1)
    const subjectId = (await ctx.app.inject({ url: `/v1/red-notices/${first.id as string}`, headers: bearer(admin.token) })).json().subjectId as string
    expect((await ctx.app.inject({ url: `/v1/red-notices/${filed.id as string}`, headers: bearer(admin.token) })).json().subjectId).toBe(subjectId)
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/subjects/${subjectId}/confirmation`, headers: bearer(admin.token) })).statusCode).toBe(200)
    await settle()

    const after = await history(first.id, a.token)
    expect(after).toHaveLength(2)
    const indicators = (entry: { contributions: Array<{ indicatorId: string }> }) => entry.contributions.map((c) => c.indicatorId)
    const added = indicators(after[0]!).filter((id) => !indicators(after[1]!).includes(id))
    expect(added.length, JSON.stringify(after[0]!.contributions.map((c) => c.indicatorId))).toBeGreaterThan(0)
    // Nothing about the second report reaches the first partner beyond its effect on the score.
    const read = await ctx.app.inject({ url: `/v1/red-notices/${first.id}/score`, headers: bearer(a.token) })
    expect(read.body).not.toContain('Linkedov')
    expect(read.body).not.toContain(filed.id)
  })

  it('leaves an unrelated report alone', async () => {
    const lone = (await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(a.token), payload: chechenRedNotice({ fullName: 'Lone Person', dateOfBirth: '1970-01-01' }) })).json()
    await settle()
    await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(b.token), payload: chechenRedNotice({ fullName: 'Other Person', dateOfBirth: '1971-01-01' }) })
    await settle()
    expect(await history(lone.id, a.token)).toHaveLength(1)
  })
})
