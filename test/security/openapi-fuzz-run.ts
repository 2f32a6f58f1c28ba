/**
 * Sends the plans of openapi-fuzz.ts through the real app (real PostgreSQL, per-file database) and
 * collects every broken promise instead of stopping at the first, so one run reports all it found.
 * Also S20: after every request the audit rows it wrote are read back, and every read, list or export of a
 * report must have written exactly one read event per report it disclosed (and nothing else may).
 */
import { randomUUID } from 'node:crypto'
import { gt } from 'drizzle-orm'
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { apiKeys, auditEvents } from '../../src/db/schema.ts'
import type { TestContext } from '../helpers/app.ts'
import {
  buildRequest, invalidPlanArbitrary, leaksInAnswer, loadOperations, openapiDocument, RequestValidators, ResponseValidators, Tally,
  validPlanArbitrary, type IdPools, type Operation, type Plan
} from './openapi-fuzz.ts'
import { canaryAssurance, canaryRedNotice, createReport, tokenOf, type Role, type World } from './support.ts'

export interface FuzzOptions {
  seed: number
  /** Valid and invalid requests per operation. */
  validPerOperation: number
  invalidPerOperation: number
}

export interface FuzzResult {
  operations: Operation[]
  valid: Tally
  invalid: Tally
  /** Every broken promise, with the request that showed it. */
  failures: string[]
  /** Invalid requests the app nevertheless accepted (2xx), by kind: reported, judged by the caller. */
  acceptedInvalid: Map<string, number>
  audit: { readsChecked: number, eventsMatched: number }
}

type AuditExpectation = (res: { json: () => unknown }, id: string) => Array<{ action: string, targetId: string | null }>

const item = (kind: string) => (res: { json: () => unknown }) =>
  ((res.json() as { items: Array<{ id: string }> }).items).map((x) => ({ action: `${kind}.read`, targetId: x.id }))

/** What each read of a report must leave in the audit log, from its 200 answer. */
const READ_AUDIT: Record<string, AuditExpectation> = {
  getRedNotice: (_, id) => [{ action: 'red_notice.read', targetId: id }],
  listRedNotices: item('red_notice'),
  listRedNoticeRevisions: (_, id) => [{ action: 'red_notice.revisions_read', targetId: id }],
  exportRedNotices: () => [{ action: 'red_notice.exported', targetId: null }],
  exportAssurances: () => [{ action: 'assurance.exported', targetId: null }],
  getAssurance: (_, id) => [{ action: 'assurance.read', targetId: id }],
  listAssurances: item('assurance'),
  listAssuranceRevisions: (_, id) => [{ action: 'assurance.revisions_read', targetId: id }],
  getRedNoticeScore: (_, id) => [{ action: 'red_notice.score_read', targetId: id }],
  listRedNoticeScores: (_, id) => [{ action: 'red_notice.scores_read', targetId: id }],
  getAssuranceScore: (_, id) => [{ action: 'assurance.score_read', targetId: id }],
  listAssuranceScores: (_, id) => [{ action: 'assurance.scores_read', targetId: id }]
}
const READ_ACTION = /\.(read|revisions_read|score_read|scores_read|exported)$/

/** Seeds a few reports so the operations on ids have something real to work on. */
export async function seedPools (ctx: TestContext, world: World): Promise<IdPools> {
  const pools: IdPools = { redNotice: [], assurance: [], partner: [world.a.partnerId, world.b.partnerId, world.admin.partnerId], apiKey: [], rescoringRun: [], etags: new Map() }
  for (let i = 0; i < 4; i++) {
    const notice = await createReport(ctx, world.a.token, 'red-notices', canaryRedNotice(randomUUID().slice(0, 8)))
    pools.redNotice.push(String(notice.id))
    const assurance = await createReport(ctx, world.a.token, 'assurances', { ...canaryAssurance(randomUUID().slice(0, 8)), redNoticeId: notice.id })
    pools.assurance.push(String(assurance.id))
  }
  return pools
}

function remember (op: Operation, res: { statusCode: number, headers: Record<string, unknown>, body: string }, pools: IdPools, id: string): void {
  if (res.statusCode >= 300) return
  let body: { id?: unknown } = {}
  try { body = JSON.parse(res.body) as { id?: unknown } } catch {}
  const created = typeof body.id === 'string' ? body.id : undefined
  if (created !== undefined && res.statusCode === 201) {
    if (op.id === 'createRedNotice' || op.id === 'importInterpolNotice') pools.redNotice.push(created)
    if (op.id === 'createAssurance') pools.assurance.push(created)
    if (op.id === 'createPartner') pools.partner.push(created)
    if (op.id === 'createApiKey') pools.apiKey.push(created)
  }
  if (op.id === 'createRescoringRun' && created !== undefined) pools.rescoringRun.push(created)
  const etag = res.headers.etag
  if (typeof etag === 'string') pools.etags.set(created ?? id, etag)
}

export async function runOpenapiFuzz (ctx: TestContext, world: World, pools: IdPools, options: FuzzOptions): Promise<FuzzResult> {
  const operations = loadOperations(openapiDocument())
  const requestValidators = new RequestValidators()
  const responses = new ResponseValidators(operations)
  const result: FuzzResult = { operations, valid: new Tally(), invalid: new Tally(), failures: [], acceptedInvalid: new Map(), audit: { readsChecked: 0, eventsMatched: 0 } }

  // The audit log names keys by their row id; the tokens carry the public key id.
  const keyIds = new Map<Role, string>()
  await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
    const rows = await tx.select({ id: apiKeys.id, keyId: apiKeys.keyId }).from(apiKeys)
    for (const role of ['reporter', 'analyst', 'admin'] as const) {
      const keyId = /^rnm_([0-9a-f]{32})_/.exec(tokenOf(world, role))![1]
      keyIds.set(role, rows.find((row) => row.keyId === keyId)!.id)
    }
  })
  let lastAuditId = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) =>
    (await tx.select({ id: auditEvents.id }).from(auditEvents)).reduce((max, row) => Math.max(max, Number(row.id)), 0))
  const newReadEvents = async () => await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
    const rows = await tx.select().from(auditEvents).where(gt(auditEvents.id, lastAuditId))
    for (const row of rows) lastAuditId = Math.max(lastAuditId, Number(row.id))
    return rows.filter((row) => READ_ACTION.test(row.action))
  })

  // Plans for every operation, generated up front from one seed: the run is the same every time.
  const plans: Plan[] = []
  operations.forEach((op, index) => {
    const seed = options.seed + index
    plans.push(...fc.sample(validPlanArbitrary(op, requestValidators), { seed, numRuns: options.validPerOperation }))
    plans.push(...fc.sample(invalidPlanArbitrary(op, requestValidators), { seed: seed + 7919, numRuns: options.invalidPerOperation }))
  })
  // Interleave operations (seeded shuffle) so creates, reads, updates and deletes meet in varied orders.
  const order = fc.sample(fc.shuffledSubarray(plans.map((_, i) => i), { minLength: plans.length }), { seed: options.seed, numRuns: 1 })[0]!

  for (const index of order) {
    const plan = plans[index]!
    const token = plan.role === null ? null : tokenOf(world, plan.role)
    const request = buildRequest(plan, pools, token)
    const id = /\/(?:red-notices|assurances|partners|api-keys|rescoring-runs)\/([^/?]+)/.exec(request.url)?.[1] ?? ''
    const res = await ctx.app.inject(request as InjectOptions)
    const where = `${plan.invalid === undefined ? 'valid' : `invalid:${plan.invalid.kind}`} ${plan.op.id} as ${plan.role ?? 'anonymous'}: ` +
      `${request.method} ${request.url.slice(0, 200)} ${typeof request.payload === 'string' ? request.payload.slice(0, 200) : ''} -> ${res.statusCode} ${res.body.slice(0, 300)}`
    const fail = (problems: string[]) => { for (const p of problems) result.failures.push(`${p} | ${where}`) }
    const tally = plan.invalid === undefined ? result.valid : result.invalid
    tally.add(plan.op, res.statusCode)

    if (res.statusCode >= 500) fail(['5xx'])
    if (res.statusCode >= 400) fail(responses.checkProblem(res))
    fail(leaksInAnswer(res).map((leak) => `leak ${leak}`))
    if (plan.invalid === undefined) {
      fail(responses.check(plan.op, res))
    } else if (res.statusCode < 300) {
      const kind = plan.invalid.kind
      result.acceptedInvalid.set(kind, (result.acceptedInvalid.get(kind) ?? 0) + 1)
      if (kind !== 'unknown-method') fail(responses.check(plan.op, res))
    }
    if (res.statusCode < 300) remember(plan.op, res, pools, id)

    // S20: exactly the read events this answer implies, by this key, in UTC, nothing more.
    const events = await newReadEvents()
    const expectAudit = READ_AUDIT[plan.op.id]
    const expected = expectAudit !== undefined && res.statusCode === 200 && plan.invalid?.kind !== 'unknown-method' ? expectAudit(res, id) : []
    const key = (x: { action: string, targetId: string | null }) => `${x.action} ${x.targetId ?? '-'}`
    const got = events.map(key).sort()
    const want = expected.map(key).sort()
    if (JSON.stringify(got) !== JSON.stringify(want)) fail([`audit: expected [${want.join(', ')}], got [${got.join(', ')}]`])
    for (const event of events) {
      if (plan.role === null || event.actorKeyId !== keyIds.get(plan.role)) fail([`audit: actor ${String(event.actorKeyId)} is not the caller's key`])
      if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) fail(['audit: no time'])
    }
    if (expectAudit !== undefined && res.statusCode === 200) result.audit.readsChecked++
    result.audit.eventsMatched += events.length
  }
  return result
}

export function printFuzz (label: string, result: FuzzResult, options: FuzzOptions): void {
  console.log(`[${label}] OpenAPI fuzz (seed ${options.seed}) over ${result.operations.length} operations\n` +
    `  valid:   ${result.valid.summary()}\n` +
    `  invalid: ${result.invalid.summary()}\n` +
    `  invalid requests accepted (2xx), by kind: ${JSON.stringify(Object.fromEntries(result.acceptedInvalid))}\n` +
    `  audit (S20): ${result.audit.readsChecked} successful reads checked, ${result.audit.eventsMatched} read events matched one to one\n` +
    `  failures: ${result.failures.length}`)
}
