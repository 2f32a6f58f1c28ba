import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPartnerWithKey, type IssuedKey } from '../../src/admin/partners.ts'
import type { Role } from '../../src/db/queries/api-keys.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'

interface AuditEvent {
  id: number
  occurredAt: string
  actorPartnerId: string | null
  actorKeyId: string | null
  action: string
  targetKind: string | null
  targetId: string | null
  requestId: string | null
  details: Record<string, unknown> | null
}

describe('GET /v1/audit-events', () => {
  let ctx: TestContext
  const keys = {} as Record<Role, IssuedKey>
  const createdPartners: string[] = []

  const get = (key: IssuedKey | null, query = '') => ctx.app.inject({
    url: `/v1/audit-events${query}`,
    headers: key === null ? {} : { authorization: `Bearer ${key.apiKey}` }
  })
  const list = async (query = ''): Promise<{ items: AuditEvent[], nextCursor: string | null }> => {
    const res = await get(keys.admin, query)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  beforeAll(async () => {
    ctx = await createTestContext()
    for (const role of ['admin', 'reporter', 'analyst'] as const) {
      keys[role] = await createPartnerWithKey(ctx.database.db, ctx.secrets.apiKeyPepper, { name: `NGO ${role}`, role, via: 'cli' })
    }
    // Events with an actor: partners created through the API by the admin key.
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/partners', headers: { authorization: `Bearer ${keys.admin.apiKey}` }, payload: { name: `Partner ${i}` } })
      expect(res.statusCode).toBe(201)
      createdPartners.push(res.json().id)
    }
  })
  afterAll(async () => { await ctx.close() })

  it('shows an admin who did what to which record, newest first, with no keys in it', async () => {
    const { items, nextCursor } = await list()
    expect(nextCursor).toBeNull()
    expect(items).toHaveLength(9)
    expect(items.map((e) => e.id)).toEqual([...items.map((e) => e.id)].sort((a, b) => b - a))
    const [newest] = items
    expect(newest).toEqual({
      id: expect.any(Number),
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      actorPartnerId: keys.admin.partnerId,
      actorKeyId: keys.admin.apiKeyId,
      action: 'partner.created',
      targetKind: 'partner',
      targetId: createdPartners[2],
      requestId: expect.any(String),
      details: null
    })
    const fromCli = items.find((e) => e.action === 'api_key.created' && e.targetId === keys.reporter.apiKeyId)
    expect(fromCli).toMatchObject({ actorPartnerId: null, actorKeyId: null, requestId: null, details: { role: 'reporter', partnerId: keys.reporter.partnerId, via: 'cli' } })
    const body = JSON.stringify(items)
    for (const key of Object.values(keys)) expect(body).not.toContain(key.apiKey)
  })

  it('is for admins only: 403 for reporters and analysts, 401 without a key', async () => {
    for (const role of ['reporter', 'analyst'] as const) {
      const res = await get(keys[role])
      expect(res.statusCode).toBe(403)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    expect((await get(null)).statusCode).toBe(401)
  })

  it('filters by action, target, actor partner, actor key and time, combined with AND', async () => {
    const all = (await list()).items
    expect((await list('?action=api_key.created')).items.map((e) => e.targetId).sort()).toEqual(Object.values(keys).map((k) => k.apiKeyId).sort())
    expect((await list(`?targetId=${createdPartners[1]}`)).items.map((e) => e.targetId)).toEqual([createdPartners[1]])
    expect((await list(`?actorPartnerId=${keys.admin.partnerId}`)).items).toHaveLength(3)
    expect((await list(`?actorKeyId=${keys.admin.apiKeyId}&action=partner.created&targetId=${createdPartners[0]}`)).items).toHaveLength(1)
    expect((await list(`?actorKeyId=${keys.reporter.apiKeyId}`)).items).toEqual([])

    const oldest = all[all.length - 1]!
    const newest = all[0]!
    const at = (iso: string) => encodeURIComponent(iso)
    expect((await list(`?from=${at(newest.occurredAt)}`)).items.every((e) => e.occurredAt >= newest.occurredAt)).toBe(true)
    expect((await list(`?to=${at(oldest.occurredAt)}`)).items.every((e) => e.occurredAt <= oldest.occurredAt)).toBe(true)
    expect((await list(`?from=${at(oldest.occurredAt)}&to=${at(newest.occurredAt)}`)).items).toHaveLength(all.length)
    // RFC 3339 with an offset means the same instant.
    const future = (await list('?from=2999-01-01T01:00:00%2B01:00')).items
    expect(future).toEqual([])
  })

  it('pages with a cursor: stable, no event twice, none missed', async () => {
    const all = (await list()).items.map((e) => e.id)
    const seen: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: { items: AuditEvent[], nextCursor: string | null } = await list(`?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
      pages++
    } while (cursor !== null)
    expect(pages).toBe(Math.ceil(all.length / 2))
    expect(seen).toEqual(all)
    // A filter keeps applying across pages.
    const first = await list('?limit=1&action=partner.created')
    const second = await list(`?limit=1&action=partner.created&cursor=${first.nextCursor}`)
    expect([...first.items, ...second.items].map((e) => e.targetId)).toEqual([createdPartners[2], createdPartners[1]])
  })

  it('answers 400 with the offending parameter for bad filters', async () => {
    const cases: Array<[string, string]> = [
      ['?limit=0', '/limit'],
      ['?limit=201', '/limit'],
      ['?targetId=nope', '/targetId'],
      ['?from=yesterday', '/from'],
      ['?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/from'],
      ['?action=DROP%20TABLE', '/action'],
      ['?cursor=bm9wZQ', '/cursor'],
      ['?cursor=eyJpZCI6Im5vcGUifQ', '/cursor'],
      ['?unknown=1', '/unknown']
    ]
    for (const [query, pointer] of cases) {
      const res = await get(keys.admin, query)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().errors.map((e: { pointer: string }) => e.pointer), query).toContain(pointer)
    }
  })
})
