import { randomUUID } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { between, eq, gte, lt, type SQL } from 'drizzle-orm'
import { withContext, type Transaction } from '../db/context.ts'
import {
  assuranceScoreKey, eraseAssuranceIdentities, findAssurance, insertAssurance, listAssuranceRevisions, listAssurances, updateAssurance,
  type AssuranceListFilter, type AssuranceOrder, type AssuranceRow
} from '../db/queries/assurances.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { findRedNotice } from '../db/queries/red-notices.ts'
import { currentScores, finalFailures, scoreStatusOf } from '../db/queries/score-summaries.ts'
import { assurances } from '../db/schema.ts'
import { conflict, HttpProblem, notFound, preconditionFailed } from '../errors.ts'
import { compileStrict } from '../plugins/validation.ts'
import { decodeCursor, page, queryBefore, queryFrom } from '../routes/pagination.ts'
import { AssuranceInputSchema, type AssuranceFacts, type AssuranceInput, type AssurancePatch } from '../schemas/assurances.ts'
import { joinAssuranceIdentity, splitAssuranceIdentity, type AssuranceIdentity } from '../schemas/identity.ts'
import { collapseAlternatives, issueMessage } from '../schemas/issues.ts'
import { applyMergePatch } from '../schemas/merge-patch.ts'
import { visibleSubjectId } from './disclosure.ts'
import { claimIdempotencyKey, requestHash } from './idempotency.ts'
import { auditActor, contextFor, enqueueAfterCommit, iso, type Actor, type IntakeDeps } from './types.ts'
import { IdentityVault } from './vault.ts'

const validateInput = compileStrict<AssuranceInput>(AssuranceInputSchema)
const NOT_FOUND = 'Assurance'
const vaultOf = (deps: IntakeDeps) => new IdentityVault(deps.secrets, 'assurances')
const seesIdentities = (actor: Actor, row: AssuranceRow) => actor.role === 'reporter' && actor.partnerId === row.partnerId

function openIdentity (deps: IntakeDeps, row: AssuranceRow, revision: number, ciphertext: string | null): AssuranceIdentity | null {
  if (row.wrappedKey === null || ciphertext === null) return null
  const vault = vaultOf(deps)
  return vault.open(vault.key(row.id, row.wrappedKey), row.id, revision, ciphertext) as AssuranceIdentity
}

async function views (tx: Transaction, deps: IntakeDeps, actor: Actor, rows: readonly AssuranceRow[]) {
  const scored = await currentScores(tx, 'assurance', rows)
  const failed = await finalFailures(tx, 'assurance', rows)
  const subjects = new Map<string, string>()
  for (const row of rows) {
    if (row.redNoticeId === null || subjects.has(row.redNoticeId)) continue
    const notice = await findRedNotice(tx, row.redNoticeId)
    if (notice !== null) subjects.set(row.redNoticeId, visibleSubjectId(deps.secrets, actor, notice))
  }
  return rows.map((row) => {
    const score = scored.get(row.id)
    return {
      id: row.id,
      subjectId: row.redNoticeId === null ? null : subjects.get(row.redNoticeId) ?? null,
      revision: row.revision,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      withdrawnAt: iso(row.withdrawnAt),
      erasedAt: iso(row.erasedAt),
      scoreStatus: scoreStatusOf(score, failed.has(row.id)),
      currentScore: score ?? null,
      ...joinAssuranceIdentity(row.facts as AssuranceFacts, seesIdentities(actor, row) ? openIdentity(deps, row, row.revision, row.identity) : null)
    }
  })
}

/** An assurance may name the case it concerns, but only one of the partner's own cases. */
async function checkCase (tx: Transaction, input: AssuranceInput): Promise<void> {
  if (input.redNoticeId === undefined) return
  if (await findRedNotice(tx, input.redNoticeId) === null) {
    throw new HttpProblem(422, 'Unprocessable Content', 'redNoticeId names no red-notice report of yours', { errors: [{ in: 'body', pointer: '/redNoticeId', message: 'names no report of yours' }] })
  }
}

async function store (tx: Transaction, deps: IntakeDeps, actor: Actor, id: string, revision: number, input: AssuranceInput, existing?: AssuranceRow) {
  const { facts, identity } = splitAssuranceIdentity(input)
  const vault = vaultOf(deps)
  const { dek, wrapped } = existing?.wrappedKey == null ? vault.newKey(id) : { dek: vault.key(id, existing.wrappedKey), wrapped: existing.wrappedKey }
  const sealed = vault.seal(dek, id, revision, identity)
  const now = new Date()
  const partnerId = existing?.partnerId ?? actor.partnerId
  const current = {
    partnerId,
    revision,
    givingState: facts.givingState,
    receivingState: facts.receivingState,
    redNoticeId: facts.redNoticeId ?? null,
    facts,
    identity: sealed,
    wrappedKey: wrapped,
    // A new revision is unscored until the worker has scored it.
    currentScore: null,
    currentBand: null
  }
  const revisionRow = { reportId: id, revision, partnerId, facts, identity: sealed, createdAt: now, createdByKey: actor.apiKeyId }
  if (existing === undefined) return await insertAssurance(tx, { id, ...current, createdAt: now, updatedAt: now }, revisionRow)
  return await updateAssurance(tx, id, current, revisionRow)
}

export async function createAssurance (deps: IntakeDeps, actor: Actor, input: AssuranceInput, idempotencyKey?: string) {
  const id = randomUUID()
  const result = await withContext(deps.db, contextFor(actor), async (tx) => {
    if (idempotencyKey !== undefined) {
      const route = 'POST /v1/assurances'
      const claim = await claimIdempotencyKey(tx, { partnerId: actor.partnerId, key: idempotencyKey, route, requestHash: requestHash(deps.secrets.apiKeyPepper, route, input) }, id, 201)
      if (claim.status === 'replay') {
        const existing = await findAssurance(tx, claim.resourceId)
        const [first] = await listAssuranceRevisions(tx, claim.resourceId)
        if (existing === null || first === undefined) throw notFound(NOT_FOUND)
        const [view] = await views(tx, deps, actor, [{ ...existing, revision: 1, facts: first.facts, identity: first.identity, updatedAt: first.createdAt }])
        return { view: view!, replayed: true }
      }
    }
    await checkCase(tx, input)
    const row = await store(tx, deps, actor, id, 1, input)
    await recordAudit(tx, { ...auditActor(actor), action: 'assurance.created', targetKind: 'assurance', targetId: id, details: { revision: 1 } })
    const [view] = await views(tx, deps, actor, [row])
    return { view: view!, replayed: false }
  })
  if (!result.replayed) enqueueAfterCommit(deps, { kind: 'assurance', reportId: id, revision: 1 })
  return result
}

export async function getAssurance (deps: IntakeDeps, actor: Actor, id: string) {
  return await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findAssurance(tx, id)
    if (row === null) throw notFound(NOT_FOUND)
    await recordAudit(tx, { ...auditActor(actor), action: 'assurance.read', targetKind: 'assurance', targetId: id, details: { revision: row.revision, identities: seesIdentities(actor, row) } })
    const [view] = await views(tx, deps, actor, [row])
    return view!
  }, { readEventsOnly: true })
}

/** Like patchRedNotice: a patch that changes nothing adds no revision and queues no scoring. */
export async function patchAssurance (deps: IntakeDeps, actor: Actor, id: string, ifMatch: number, patch: AssurancePatch) {
  const { view, changed } = await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findAssurance(tx, id, { forUpdate: true })
    if (row === null || row.partnerId !== actor.partnerId) throw notFound(NOT_FOUND)
    if (row.erasedAt !== null || row.withdrawnAt !== null) throw conflict('This assurance was withdrawn or erased; it can no longer be changed')
    if (row.revision !== ifMatch) throw preconditionFailed(`The assurance is at revision ${row.revision}; fetch it again and reapply your change`)
    const current = joinAssuranceIdentity(row.facts as AssuranceFacts, openIdentity(deps, row, row.revision, row.identity))
    const merged = applyMergePatch(current, patch)
    // Compared before validation, whose defaults could add members the stored assurance does not spell out.
    if (isDeepStrictEqual(merged, current)) {
      const [unchanged] = await views(tx, deps, actor, [row])
      await recordAudit(tx, { ...auditActor(actor), action: 'assurance.read', targetKind: 'assurance', targetId: id, details: { revision: row.revision, identities: true, unchangedPatch: true } })
      return { view: unchanged!, changed: false }
    }
    if (!validateInput(merged)) {
      const errors = collapseAlternatives(validateInput.errors ?? []).map((e) => ({ in: 'body', pointer: e.instancePath === '' ? '/' : e.instancePath, message: issueMessage(e) }))
      throw new HttpProblem(422, 'Unprocessable Content', 'The patched assurance would not be valid', { errors })
    }
    await checkCase(tx, merged)
    const updated = await store(tx, deps, actor, id, row.revision + 1, merged, row)
    await recordAudit(tx, { ...auditActor(actor), action: 'assurance.updated', targetKind: 'assurance', targetId: id, details: { revision: updated.revision, fields: Object.keys(patch) } })
    const [fresh] = await views(tx, deps, actor, [updated])
    return { view: fresh!, changed: true }
  })
  if (changed) enqueueAfterCommit(deps, { kind: 'assurance', reportId: id, revision: view.revision })
  return view
}

export async function withdrawOrEraseAssurance (deps: IntakeDeps, actor: Actor, id: string, erase: boolean): Promise<void> {
  await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findAssurance(tx, id, { forUpdate: true })
    if (row === null || (!erase && row.partnerId !== actor.partnerId)) throw notFound(NOT_FOUND)
    if (erase) {
      if (row.erasedAt !== null) return
      const revisions = await eraseAssuranceIdentities(tx, id)
      await recordAudit(tx, { ...auditActor(actor), action: 'assurance.erased', targetKind: 'assurance', targetId: id, details: { revisions } })
      return
    }
    if (row.withdrawnAt !== null) return
    await updateAssurance(tx, id, { withdrawnAt: new Date() })
    await recordAudit(tx, { ...auditActor(actor), action: 'assurance.withdrawn', targetKind: 'assurance', targetId: id, details: { revision: row.revision } })
  })
}

export async function listAssuranceHistory (deps: IntakeDeps, actor: Actor, id: string) {
  return await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findAssurance(tx, id)
    if (row === null) throw notFound(NOT_FOUND)
    const identities = seesIdentities(actor, row)
    const revisions = await listAssuranceRevisions(tx, id)
    await recordAudit(tx, { ...auditActor(actor), action: 'assurance.revisions_read', targetKind: 'assurance', targetId: id, details: { revisions: revisions.length, identities } })
    return revisions.map((revision) => ({
      revision: revision.revision,
      createdAt: revision.createdAt.toISOString(),
      report: joinAssuranceIdentity(revision.facts as AssuranceFacts, identities ? openIdentity(deps, row, revision.revision, revision.identity) : null)
    }))
  })
}

export interface AssuranceListQuery {
  limit?: number,
  cursor?: string,
  sort?: string,
  givingState?: string,
  receivingState?: string,
  redNoticeId?: string,
  band?: string,
  minScore?: number,
  maxScore?: number,
  createdFrom?: string,
  createdTo?: string
}

/** The list's (and export's) conditions: reporters see their own assurances only. */
export function assuranceConditions (actor: Actor, query: Omit<AssuranceListQuery, 'limit' | 'cursor' | 'sort'>): SQL[] {
  const createdFrom = queryFrom(query.createdFrom, 'createdFrom')
  const createdBefore = queryBefore(query.createdTo, 'createdTo', 'exclusive')
  const conditions: SQL[] = []
  if (actor.role === 'reporter') conditions.push(eq(assurances.partnerId, actor.partnerId))
  if (query.givingState !== undefined) conditions.push(eq(assurances.givingState, query.givingState))
  if (query.receivingState !== undefined) conditions.push(eq(assurances.receivingState, query.receivingState))
  if (query.redNoticeId !== undefined) conditions.push(eq(assurances.redNoticeId, query.redNoticeId))
  if (createdFrom !== undefined) conditions.push(gte(assurances.createdAt, createdFrom))
  if (createdBefore !== undefined) conditions.push(lt(assurances.createdAt, createdBefore))
  if (query.band !== undefined) conditions.push(eq(assurances.currentBand, query.band))
  // On the -score order's key (unscored = -1, never in a 0–100 range), so assurances_score_idx serves them.
  if (query.minScore !== undefined) conditions.push(gte(assuranceScoreKey, query.minScore))
  if (query.maxScore !== undefined) conditions.push(between(assuranceScoreKey, 0, query.maxScore))
  return conditions
}

export async function listAssurancePage (deps: IntakeDeps, actor: Actor, query: AssuranceListQuery) {
  const limit = query.limit ?? 50
  // The query schema admits only these values.
  const order = (query.sort ?? '-createdAt') as AssuranceOrder
  const conditions = assuranceConditions(actor, query)
  let after: AssuranceListFilter['after']
  let cursorOf: (last: AssuranceRow) => Record<string, string | number>
  if (order === '-score') {
    const position = decodeCursor(query.cursor, { score: 'integer', id: 'uuid' })
    after = position === undefined ? undefined : { score: Number(position.score), id: position.id }
    cursorOf = (last) => ({ score: last.currentScore ?? -1, id: last.id })
  } else {
    const position = decodeCursor(query.cursor, { createdAt: 'timestamp', id: 'uuid' })
    after = position === undefined ? undefined : { createdAt: new Date(position.createdAt), id: position.id }
    cursorOf = (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id })
  }
  return await withContext(deps.db, contextFor(actor), async (tx) => {
    const rows = await listAssurances(tx, { conditions, order, limit: limit + 1, after })
    const result = page(rows, limit, cursorOf)
    await recordAudit(tx, result.items.map((row) => ({ ...auditActor(actor), action: 'assurance.read', targetKind: 'assurance', targetId: row.id, details: { revision: row.revision, identities: seesIdentities(actor, row), via: 'list' } })))
    return { items: await views(tx, deps, actor, result.items), nextCursor: result.nextCursor }
  }, { readEventsOnly: true })
}
