/**
 * The hostile partner looks for a uniqueness oracle: a value deduplicated across partners answers differently (409,
 * a replay, another report) when another partner already holds it. Idempotency keys, webhook URLs and Interpol
 * notice ids are each the partner's own: B holding the very value A used gets exactly what it gets with a fresh one.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, type PartnerKey } from '../helpers/actors.ts'
import type { TestContext } from '../helpers/app.ts'
import { startRecordingPair } from './partner-pair.ts'
import { russianAssurance } from '../helpers/bodies.ts'

type Json = Record<string, any>

describe('hostile partner: no value is unique across partners', () => {
  let ctx: TestContext
  let a: PartnerKey
  let b: PartnerKey

  beforeAll(async () => {
    ({ ctx, a, b } = await startRecordingPair())
  })
  afterAll(async () => { await ctx.close() })

  const body = (fullName: string, interpolNoticeId?: string) => ({
    mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth: '1976-06-06' }, ...(interpolNoticeId === undefined ? {} : { interpolNoticeId })
  })
  /** What B can compare between two answers: status, the replay header, and the body without what is unique to it. */
  const shape = (res: { statusCode: number, headers: Record<string, unknown>, json: () => Json }) => {
    const json = res.json()
    return { status: res.statusCode, replayed: res.headers['idempotent-replayed'] ?? null, keys: Object.keys(json).sort(), detail: json.detail ?? null }
  }

  it('an Idempotency-Key A used, with A\'s body or another, is a fresh key for B', async () => {
    for (const payload of [body('Keyed Personov'), body('Other Personov')]) {
      const used = randomUUID()
      const ofA = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(a.token), 'idempotency-key': used }, payload: body('Keyed Personov') })
      expect(ofA.statusCode).toBe(201)
      const taken = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(b.token), 'idempotency-key': used }, payload })
      const fresh = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(b.token), 'idempotency-key': randomUUID() }, payload })
      expect(shape(taken)).toEqual(shape(fresh))
      expect(taken.json().id).not.toBe(ofA.json().id)
    }
    // The same for assurances, whose keys are claimed in their own transaction.
    const assurance = russianAssurance()
    const keyed = randomUUID()
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: { ...bearer(a.token), 'idempotency-key': keyed }, payload: assurance })).statusCode).toBe(201)
    const taken = await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: { ...bearer(b.token), 'idempotency-key': keyed }, payload: assurance })
    const fresh = await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: { ...bearer(b.token), 'idempotency-key': randomUUID() }, payload: assurance })
    expect(shape(taken)).toEqual(shape(fresh))
  })

  it('an Interpol notice id A filed is filed by B as any other', async () => {
    const notice = `2024/${Math.floor(Math.random() * 1e6)}`
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(a.token), payload: body('Noticed Personov', notice) })).statusCode).toBe(201)
    const taken = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(b.token), payload: body('Noticed Personov', notice) })
    const fresh = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(b.token), payload: body('Noticed Personov', `${notice}9`) })
    expect(shape(taken)).toEqual(shape(fresh))
  })

  it('a webhook URL A subscribed is B\'s to subscribe (a duplicate is a conflict only within a partner)', async () => {
    const url = 'https://93.184.215.14/shared-hook'
    const subscribe = async (token: string, target: string) => await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(token), payload: { url: target, events: ['score.band_raised'] } })
    expect((await subscribe(a.token, url)).statusCode).toBe(201)
    const taken = await subscribe(b.token, url)
    const fresh = await subscribe(b.token, 'https://93.184.215.14/fresh-hook')
    expect(shape(taken)).toEqual(shape(fresh))
    // Within B's own partner the same URL again is the conflict.
    expect((await subscribe(b.token, url)).statusCode).toBe(409)
  })
})
