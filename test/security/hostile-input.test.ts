/**
 * S9 (hostile input), the part that concerns the write routes of issue 3: 1,000 seeded, generated bad
 * requests against every body-taking route. Nothing may answer 5xx, every 4xx is clean problem+json, no
 * answer carries a stack, a path, SQL or driver text, error answers never echo submitted values, and the
 * logs never hold an identifying value. Against closed schemas every case that is not valid JSON for an
 * object, or breaks the schema, must be refused.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { caseArbitrary, hostileBody, VALUE_CANARY, type HostileBody, type Path } from './hostile-payloads.ts'
import { canaryAssurance, canaryRedNotice, createReport, createWorld, leaksIn, PROBLEM_TYPE, type World } from './support.ts'

// Override to explore: HOSTILE_SEED=… HOSTILE_RUNS=… npx vitest run test/security/hostile-input.test.ts
const SEED = Number(process.env.HOSTILE_SEED ?? 0x5ec9)
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000)

interface Target {
  name: string
  method: 'POST' | 'PATCH'
  url: string
  token: string
  base: unknown
  enumPaths: Path[]
  /** Closed schema: every member is declared, so every mutation here yields an invalid body. */
  closed: boolean
  /** PATCH targets: the revision to send in If-Match (kept current when a change goes through). */
  revision?: number
}

const interpolDocument = () => ({
  entity_id: '2019/114539',
  forename: 'CANARYFORE',
  name: 'CANARYNAME',
  date_of_birth: '1982/12/02',
  sex_id: 'M',
  nationalities: ['RU'],
  languages_spoken_ids: ['RUS'],
  height: 1.8,
  arrest_warrants: [{ issuing_country_id: 'RU', charge: 'Participation in an illegal armed formation (Canarycharge)', charge_translation: null }],
  _embedded: { links: [] },
  _links: { self: { href: 'https://ws-public.interpol.int/notices/v1/red/2019-114539' } }
})

describe('hostile input against the write routes (S9)', () => {
  let ctx: TestContext
  let world: World
  let targets: Target[]

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { RATE_LIMIT_MAX: '100000' } })
    world = await createWorld(ctx)
    const tag = randomUUID().slice(0, 8)
    // linkedReportIds names only the partner's own reports (docs/disclosure-policy.md).
    const relative = await createReport(ctx, world.a.token, 'red-notices', canaryRedNotice(`${tag}r`))
    const notice = { ...canaryRedNotice(tag), linkedReportIds: [relative.id as string] }
    notice.events.push({ type: 'extradition_refused', date: '2020-01-01', note: 'Canaryevent 2', grounds: 'torture_risk', country: 'FR' } as typeof notice.events[number])
    const ownNotice = await createReport(ctx, world.a.token, 'red-notices', notice)
    const ownAssurance = await createReport(ctx, world.a.token, 'assurances', canaryAssurance(tag))
    const noticeEnums: Path[] = [
      ['mechanism'], ['requestingCountry'], ['status'], ['issuedOn'], ['linkedReportIds', 0], ['subject', 'dateOfBirth'],
      ['subject', 'nationalities', 0], ['subject', 'currentCountry'], ['subject', 'profiles', 0], ['subject', 'asylum', 'status'],
      ['subject', 'asylum', 'since'], ['charges', 0, 'category'], ['charges', 0, 'allegedOffenceDate'], ['events', 0, 'type'],
      ['events', 1, 'grounds'], ['events', 1, 'country'], ['sources', 0, 'kind']
    ]
    const noticePatch = {
      status: 'challenged',
      subject: { profiles: ['activist'], aliases: ['Canaryalias p'], asylum: { status: 'recognized_refugee', country: 'FR', since: '2021-04-02' } },
      charges: [{ description: 'Insulting the authorities', category: 'speech' }],
      events: [{ type: 'ccf_complaint', date: '2022-02-02', note: 'Canaryevent p' }],
      sources: [{ kind: 'court_document', reference: 'Canarysource p', date: '2022-03-01' }]
    }
    const assurance = { ...canaryAssurance(tag), redNoticeId: ownNotice.id, givenBy: { authority: 'Canary office', level: 'prosecutor_general' } }
    const assuranceEnums: Path[] = [
      ['givingState'], ['receivingState'], ['givenOn'], ['redNoticeId'], ['givenBy', 'level'], ['form'], ['specificity'],
      ['monitoring', 'mechanism'], ['monitoring', 'lawyerAccess'], ['priorCompliance']
    ]
    const assurancePatch = { termsDisclosed: true, monitoring: { mechanism: 'ngo_access', lawyerAccess: 'none' }, givenBy: { level: 'ministry' }, notes: 'Canarynotes p', form: 'letter' }
    const a = world.a.token
    targets = [
      { name: 'POST /v1/red-notices', method: 'POST', url: '/v1/red-notices', token: a, base: notice, enumPaths: noticeEnums, closed: true },
      {
        name: 'PATCH /v1/red-notices/:id',
        method: 'PATCH',
        url: `/v1/red-notices/${String(ownNotice.id)}`,
        token: a,
        base: noticePatch,
        closed: true,
        revision: 1,
        enumPaths: [['status'], ['subject', 'profiles', 0], ['subject', 'asylum', 'status'], ['subject', 'asylum', 'country'], ['charges', 0, 'category'], ['events', 0, 'type'], ['events', 0, 'date'], ['sources', 0, 'kind']]
      },
      { name: 'POST /v1/assurances', method: 'POST', url: '/v1/assurances', token: a, base: assurance, enumPaths: assuranceEnums, closed: true },
      {
        name: 'PATCH /v1/assurances/:id',
        method: 'PATCH',
        url: `/v1/assurances/${String(ownAssurance.id)}`,
        token: a,
        base: assurancePatch,
        closed: true,
        revision: 1,
        enumPaths: [['monitoring', 'mechanism'], ['monitoring', 'lawyerAccess'], ['givenBy', 'level'], ['form']]
      },
      { name: 'POST /v1/imports/interpol', method: 'POST', url: '/v1/imports/interpol', token: a, base: interpolDocument(), enumPaths: [['entity_id']], closed: false },
      { name: 'POST /v1/partners', method: 'POST', url: '/v1/partners', token: world.adminKey.token, base: { name: 'Canary partner' }, enumPaths: [], closed: true }
    ]
    // The bases themselves are valid: a refusal below is the mutation's doing.
    for (const target of targets) {
      const res = await send(target, { kind: 'wrong-type', pointer: '/', payload: JSON.stringify(target.base), contentType: 'application/json' })
      expect(res.statusCode, `${target.name} base: ${res.body.slice(0, 300)}`).toBeLessThan(300)
    }
  })
  afterAll(async () => { await ctx.close() })

  async function send (target: Target, body: HostileBody) {
    const headers: Record<string, string> = { ...bearer(target.token), 'content-type': body.contentType }
    if (target.revision !== undefined) headers['if-match'] = `"${target.revision}"`
    const res = await ctx.app.inject({ method: target.method, url: target.url, headers, payload: body.payload })
    if (target.method === 'PATCH' && res.statusCode === 200) target.revision = Number(String(res.headers.etag).replaceAll('"', ''))
    return res
  }

  /** A body JSON.parse turns into an object may still be a valid report (e.g. text inserted inside a string). */
  function mayBeValid (body: HostileBody): boolean {
    if (body.kind !== 'malformed-json') return false
    try {
      const parsed: unknown = JSON.parse(body.payload.replace(/^\uFEFF/, ''))
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    } catch {
      return false
    }
  }

  it(`answers ${RUNS} generated bad requests without 5xx, with clean problem+json, leaking nothing`, async () => {
    const byStatus = new Map<number, number>()
    const byKind = new Map<string, number>()
    let refusedWhenRequired = 0
    await fc.assert(fc.asyncProperty(caseArbitrary(6), async (c) => {
      const target = targets[c.target]!
      const body = hostileBody(target.base, target.enumPaths, c.kind, c.n, c.m, c.text)
      const res = await send(target, body)
      const where = `${target.name} ${body.kind} at ${body.pointer} (${body.payload.length} chars: ${body.payload.slice(0, 120)}) -> ${res.statusCode} ${res.body.slice(0, 300)}`
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1)
      byKind.set(body.kind, (byKind.get(body.kind) ?? 0) + 1)
      expect(res.statusCode, where).toBeLessThan(500)
      expect(res.headers['content-type'], where).toMatch(/charset=utf-8/)
      if (res.statusCode >= 400) {
        expect(res.headers['content-type'], where).toMatch(PROBLEM_TYPE)
        const problem = res.json() as Record<string, unknown>
        expect(problem, where).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.statusCode })
        expect(leaksIn(res.body), where).toEqual([])
        // Property names may be named back (that is the point of a pointer); values never are.
        expect(res.body, where).not.toContain(VALUE_CANARY)
        expect(res.body, where).not.toMatch(/Canary(name|alias|notes|event|source|charge|fore)|CANARYNAME|CANARYFORE|1971-07-29/)
      } else {
        expect(leaksIn(res.body).filter((leak) => /at |node_modules|Failed query/.test(leak)), where).toEqual([])
      }
      if (target.closed && !mayBeValid(body)) {
        expect(res.statusCode, `must be refused: ${where}`).toBeGreaterThanOrEqual(400)
        refusedWhenRequired++
      }
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true })

    const logs = ctx.logs.text()
    expect(logs).not.toMatch(/Canary(name|alias|notes|event|source|charge|fore)|CANARYNAME|CANARYFORE|1971-07-29/)
    expect(logs).not.toContain(VALUE_CANARY)
    const sum = [...byStatus.values()].reduce((x, y) => x + y, 0)
    expect(sum).toBe(RUNS)
    expect(byStatus.get(400) ?? 0, 'most bad requests are validation errors').toBeGreaterThan(RUNS / 2)
    console.log(`hostile input (seed ${SEED}): ${RUNS} requests; by status ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; ` +
      `by kind ${JSON.stringify(Object.fromEntries(byKind))}; ${refusedWhenRequired} required refusals held`)
  })
})
