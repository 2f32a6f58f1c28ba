import { randomUUID } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { subjectMatchIndex } from '../crypto/index.ts'
import { withContext, type Transaction } from '../db/context.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { ownIndexMatches } from '../db/queries/scoring-inputs.ts'
import { linkedReportIdsOf } from '../scoring/facts.ts'
import {
  confirmSubjectReports, eraseRedNoticeIdentities, findRedNotice, readableRedNoticeIds, findRedNoticeRevision, insertRedNoticeRevision,
  listRedNoticeRevisions, updateRedNotice, type Filing, type RedNoticeRow
} from '../db/queries/red-notices.ts'
import { conflict, HttpProblem, notFound, preconditionFailed } from '../errors.ts'
import { compileStrict } from '../plugins/validation.ts'
import { joinRedNoticeIdentity, splitRedNoticeIdentity, type RedNoticeIdentity } from '../schemas/identity.ts'
import { collapseAlternatives, issueMessage } from '../schemas/issues.ts'
import { applyMergePatch } from '../schemas/merge-patch.ts'
import { RedNoticeInputSchema, type RedNoticeFacts, type RedNoticeInput, type RedNoticePatch } from '../schemas/red-notices.ts'
import { fileRedNotice } from './filing-desk.ts'
import { idempotencyBodyMismatch, idempotencyInProgress, requestHash } from './idempotency.ts'
import { openIdentity, redNoticeView, redNoticeViews, seesIdentities, type RedNoticeView } from './red-notice-views.ts'
import { countsForOtherPartners, identityBudgetExceeded, identityChangeBudget, kindsOtherPartnersCount, recordIdentityChange, recordPendingMatch, recordProbing, visibleSubjectId } from './disclosure.ts'
import { forgetSubjectIndexes, indexesChanged, resolveSubject, storeSubjectIndexes } from './subjects.ts'
import { auditActor, contextFor, enqueueAfterCommit, enqueueLinkedAfterCommit, rescoreLinkedAfterCommit, type Actor, type IntakeDeps } from './types.ts'
import { IdentityVault } from './vault.ts'

const validateInput = compileStrict<RedNoticeInput>(RedNoticeInputSchema)
const NOT_FOUND = 'Red-notice report'

function matchIndexes (deps: Pick<IntakeDeps, 'secrets'>, identity: RedNoticeIdentity): string[] {
  const { fullName, aliases, dateOfBirth } = identity.subject
  return subjectMatchIndex(deps.secrets.blindIndexKey, { fullName: fullName ?? '', aliases, dateOfBirth })
}

/** A revision ready to store: facts, identity sealed under the report's data key, the subject's blind indexes. */
function sealRevision (deps: Pick<IntakeDeps, 'secrets'>, actor: Actor, reportId: string, revision: number, input: RedNoticeInput, existing?: RedNoticeRow) {
  const { facts, identity } = splitRedNoticeIdentity(input)
  const vault = new IdentityVault(deps.secrets, 'red_notices')
  const { dek, wrapped } = existing?.wrappedKey == null ? vault.newKey(reportId) : { dek: vault.key(reportId, existing.wrappedKey), wrapped: existing.wrappedKey }
  const sealed = vault.seal(dek, reportId, revision, identity)
  const now = new Date()
  const current = {
    partnerId: existing?.partnerId ?? actor.partnerId,
    revision,
    mechanism: facts.mechanism,
    requestingCountry: facts.requestingCountry,
    status: facts.status ?? null,
    facts,
    identity: sealed,
    wrappedKey: wrapped,
    profiles: [...new Set(facts.subject.profiles ?? [])],
    chargeCategories: [...new Set((facts.charges ?? []).map((charge) => charge.category))],
    // A new revision is unscored until the worker has scored it.
    currentScore: null,
    currentBand: null,
    currentIndicators: []
  }
  const revisionRow = { reportId, revision, partnerId: current.partnerId, facts, identity: sealed, createdAt: now, createdByKey: actor.apiKeyId }
  return { current, revisionRow, identity, indexes: matchIndexes(deps, identity), now }
}

/**
 * Stores a new revision of a stored report and matches its subject again by blind index. An identity change
 * drops the secretariat's confirmation (docs/disclosure-policy.md), and a move onto a subject holding another
 * partner's report is recorded for the secretariat as a pending match.
 */
async function storeNextRevision (tx: Transaction, deps: IntakeDeps, actor: Actor, existing: RedNoticeRow, revision: number, input: RedNoticeInput) {
  const { current, revisionRow, identity, indexes } = sealRevision(deps, actor, existing.id, revision, input, existing)
  const { subjectId, matched, changed } = await resolveSubject(tx, existing.id, indexes, existing.subjectId)
  await insertRedNoticeRevision(tx, revisionRow)
  const row = await updateRedNotice(tx, existing.id, { ...current, subjectId, ...(changed ? { confirmedSubjectId: null } : {}) })
  await storeSubjectIndexes(tx, existing.id, subjectId, indexes)
  if (changed) await recordPendingMatch(tx, actor, existing.id, subjectId, matched && subjectId !== existing.subjectId)
  return { row, identity }
}

/**
 * linkedReportIds may name only reports the caller may read (a reporter's own). Any other id, another
 * partner's or none at all, gets the same 422 from the same query: its answer tells nothing about
 * another partner's reports.
 */
async function checkLinkedReports (tx: Transaction, actor: Actor, ids: readonly string[] | undefined): Promise<void> {
  if (ids === undefined || ids.length === 0) return
  const readable = new Set(await readableRedNoticeIds(tx, actor.partnerId, ids))
  const index = ids.findIndex((id) => !readable.has(id))
  if (index < 0) return
  throw new HttpProblem(422, 'Unprocessable Content', 'linkedReportIds names a report that is not one of yours',
    { errors: [{ in: 'body', pointer: `/linkedReportIds/${index}`, message: 'names no report of yours' }] })
}

/**
 * A new report as the filing desk takes it: identity sealed under a new data key, blind indexes, idempotency
 * claim and audit event. No I/O: bench/filing-cost.ts files exactly what the API files.
 */
export function newRedNoticeFiling (deps: Pick<IntakeDeps, 'secrets'>, actor: Actor, input: RedNoticeInput, idempotencyKey?: string): { filing: Filing, identity: RedNoticeIdentity } {
  const reportId = randomUUID()
  const { current, identity, indexes, now } = sealRevision(deps, actor, reportId, 1, input)
  // The subject this report starts unless its blind indexes match an earlier report's.
  const report: RedNoticeRow = { id: reportId, ...current, subjectId: randomUUID(), createdAt: now, updatedAt: now, withdrawnAt: null, erasedAt: null, confirmedSubjectId: null }
  const route = 'POST /v1/red-notices'
  const filing: Filing = {
    context: contextFor(actor),
    report,
    indexes,
    idempotency: idempotencyKey === undefined ? undefined : { key: idempotencyKey, route, requestHash: requestHash(deps.secrets.apiKeyPepper, route, input) },
    audit: { ...auditActor(actor), action: 'red_notice.created', details: { revision: 1 } }
  }
  return { filing, identity }
}

export async function createRedNotice (deps: IntakeDeps, actor: Actor, input: RedNoticeInput, idempotencyKey?: string): Promise<{ view: RedNoticeView, replayed: boolean }> {
  if ((input.linkedReportIds?.length ?? 0) > 0) await withContext(deps.db, contextFor(actor), (tx) => checkLinkedReports(tx, actor, input.linkedReportIds))
  const { filing, identity } = newRedNoticeFiling(deps, actor, input, idempotencyKey)
  const { report } = filing
  const reportId = report.id
  const filed = await fileRedNotice(deps.db, filing)
  switch (filed.status) {
    case 'in_progress': throw idempotencyInProgress()
    case 'body_mismatch': throw idempotencyBodyMismatch()
    case 'replay': {
      const view = await withContext(deps.db, contextFor(actor), (tx) => firstAnswer(tx, deps, actor, filed.resourceId))
      return { view, replayed: true }
    }
  }
  // Built from what was just written rather than read back and decrypted: a new report has no score yet.
  const view = redNoticeView({ ...report, subjectId: filed.subjectId }, identity, { subjectId: visibleSubjectId(deps.secrets, actor, report), otherReportsOnSubject: filed.otherReports, score: undefined })
  enqueueAfterCommit(deps, { kind: 'red_notice', reportId, revision: 1 })
  // Nothing can name a report that did not exist: only a matched subject or named reports link a new one,
  // and the filing found them.
  enqueueLinkedAfterCommit(deps, { id: reportId, revision: 1 }, filed.linked)
  return { view, replayed: false }
}

/** The answer the first request got: revision 1 as then stored. */
async function firstAnswer (tx: Transaction, deps: IntakeDeps, actor: Actor, reportId: string): Promise<RedNoticeView> {
  const row = await findRedNotice(tx, reportId)
  const first = await findRedNoticeRevision(tx, reportId, 1)
  if (row === null || first === null) throw notFound(NOT_FOUND)
  const asFirst = { ...row, revision: 1, facts: first.facts, identity: first.identity, updatedAt: first.createdAt }
  const [view] = await redNoticeViews(tx, deps, actor, [asFirst])
  if (view === undefined) throw notFound(NOT_FOUND)
  return view
}

/** Reads one report; identities only for its reporting partner, and that read is audited with it. */
export async function getRedNotice (deps: IntakeDeps, actor: Actor, id: string): Promise<RedNoticeView> {
  return await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findRedNotice(tx, id)
    if (row === null) throw notFound(NOT_FOUND)
    const [view] = await redNoticeViews(tx, deps, actor, [row])
    await recordAudit(tx, { ...auditActor(actor), action: 'red_notice.read', targetKind: 'red_notice', targetId: id, details: { revision: row.revision, identities: seesIdentities(actor, row) } })
    if (view === undefined) throw notFound(NOT_FOUND)
    return view
  }, { readEventsOnly: true })
}

async function ownedForChange (tx: Transaction, actor: Actor, id: string): Promise<RedNoticeRow> {
  const row = await findRedNotice(tx, id, { forUpdate: true })
  // Row-level security already hides other partners' rows; the explicit check keeps that true for admins.
  if (row === null || row.partnerId !== actor.partnerId) throw notFound(NOT_FOUND)
  if (row.erasedAt !== null) throw conflict('This report\'s identities were erased; it can no longer be changed')
  if (row.withdrawnAt !== null) throw conflict('This report was withdrawn; it can no longer be changed')
  return row
}

/** The subject a report is confirmed on, if it is still on it: only reports confirmed with it there count it. */
const confirmedSubjectOf = (row: RedNoticeRow): string | null =>
  row.confirmedSubjectId !== null && row.confirmedSubjectId === row.subjectId ? row.subjectId : null

/**
 * JSON Merge Patch against the current revision named by If-Match; the merged report must be valid. A patch
 * that changes nothing adds no revision and queues no scoring: the answer is the current report, whose read
 * is audited as a GET's is. A change of name, aliases or birth date spends the identity-change budget
 * (docs/disclosure-policy.md): past it the answer is 429, and the refusal is committed as an alert for the
 * secretariat before it is sent.
 */
export async function patchRedNotice (deps: IntakeDeps, actor: Actor, id: string, ifMatch: number, patch: RedNoticePatch): Promise<RedNoticeView> {
  const outcome = await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await ownedForChange(tx, actor, id)
    if (row.revision !== ifMatch) throw preconditionFailed(`The report is at revision ${row.revision}; fetch it again and reapply your change`)
    const current = joinRedNoticeIdentity(row.facts as RedNoticeFacts, openIdentity(deps, row, row.revision, row.identity))
    const merged = applyMergePatch(current, patch)
    // Compared before validation, whose defaults could add members the stored report does not spell out.
    if (isDeepStrictEqual(merged, current)) {
      const [unchanged] = await redNoticeViews(tx, deps, actor, [row])
      await recordAudit(tx, { ...auditActor(actor), action: 'red_notice.read', targetKind: 'red_notice', targetId: id, details: { revision: row.revision, identities: true, unchangedPatch: true } })
      if (unchanged === undefined) throw notFound(NOT_FOUND)
      return { refused: false as const, changed: false, view: unchanged, confirmedOn: null, otherPartners: false, ownBefore: [] }
    }
    if (!validateInput(merged)) {
      const errors = collapseAlternatives(validateInput.errors ?? []).map((e) => ({ in: 'body', pointer: e.instancePath === '' ? '/' : e.instancePath, message: issueMessage(e) }))
      throw new HttpProblem(422, 'Unprocessable Content', 'The patched report would not be valid', { errors })
    }
    await checkLinkedReports(tx, actor, merged.linkedReportIds)
    const identityChanged = await indexesChanged(tx, id, matchIndexes(deps, splitRedNoticeIdentity(merged).identity))
    const budget = identityChanged ? await identityChangeBudget(tx, actor, id) : null
    if (budget !== null && !budget.allowed) {
      await recordProbing(tx, actor, id, { reportChanges: budget.reportChanges, partnerChanges: budget.partnerChanges, refused: true })
      return { refused: true as const }
    }
    // The partner's reports that shared a blind index with the identity being replaced counted this report in
    // full: they are scored again, whatever subject either is on (docs/disclosure-policy.md §1).
    const ownBefore = budget !== null ? await ownIndexMatches(tx, id) : []
    const { row: updated, identity } = await storeNextRevision(tx, deps, actor, row, row.revision + 1, merged)
    await recordAudit(tx, { ...auditActor(actor), action: 'red_notice.updated', targetKind: 'red_notice', targetId: id, details: { revision: updated.revision, fields: Object.keys(patch) } })
    if (budget !== null) await recordIdentityChange(tx, actor, id, updated.revision, budget)
    const [fresh] = await redNoticeViews(tx, deps, actor, [updated])
    const view = fresh ?? redNoticeView(updated, identity, { subjectId: visibleSubjectId(deps.secrets, actor, updated), otherReportsOnSubject: 0, score: undefined })
    // Only reports confirmed with this one on its subject counted it there (docs/disclosure-policy.md §3); other
    // partners' only by kind, until an identity change dropped the confirmation.
    const confirmedOn = confirmedSubjectOf(row)
    const otherPartners = confirmedOn !== null && (budget !== null || updated.confirmedSubjectId !== row.confirmedSubjectId ||
      kindsOtherPartnersCount(row.facts as Record<string, unknown>) !== kindsOtherPartnersCount(updated.facts as Record<string, unknown>))
    return { refused: false as const, changed: true, view, confirmedOn, otherPartners, ownBefore }
  })
  if (outcome.refused) {
    deps.log.warn({ reportId: id, partnerId: actor.partnerId }, 'identity change budget used up; the secretariat was alerted')
    throw identityBudgetExceeded()
  }
  const { view } = outcome
  if (!outcome.changed) return view
  enqueueAfterCommit(deps, { kind: 'red_notice', reportId: id, revision: view.revision })
  // The reports whose score this change can move: the partner's own that it names, that name it or share a blind
  // index with it now (below: or did before the change), and those confirmed with it on the subject it was on.
  rescoreLinkedAfterCommit(deps, { id, revision: view.revision, partnerId: actor.partnerId, linkedIds: view.linkedReportIds ?? [], confirmedOn: outcome.confirmedOn, otherPartners: outcome.otherPartners })
  enqueueLinkedAfterCommit(deps, { id, revision: view.revision }, outcome.ownBefore)
  return view
}

/**
 * The reporter withdraws its report: kept, with its history, but closed to changes. Scores leave withdrawn reports
 * out, so the reports that counted this one are scored again, chosen as for a change (patchRedNotice): the
 * partner's own that name it, that it names or that share a blind index with it, and those confirmed with it on
 * its subject; other partners' there only when they counted something of it (its kinds), which is now gone.
 */
export async function withdrawRedNotice (deps: IntakeDeps, actor: Actor, id: string): Promise<void> {
  const withdrawn = await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findRedNotice(tx, id, { forUpdate: true })
    if (row === null || row.partnerId !== actor.partnerId) throw notFound(NOT_FOUND)
    if (row.withdrawnAt !== null) return null
    await updateRedNotice(tx, id, { withdrawnAt: new Date() })
    await recordAudit(tx, { ...auditActor(actor), action: 'red_notice.withdrawn', targetKind: 'red_notice', targetId: id, details: { revision: row.revision } })
    const facts = row.facts as Record<string, unknown>
    const confirmedOn = confirmedSubjectOf(row)
    const otherPartners = confirmedOn !== null && countsForOtherPartners(facts)
    return { revision: row.revision, linkedIds: linkedReportIdsOf(facts), confirmedOn, otherPartners }
  })
  if (withdrawn === null) return
  rescoreLinkedAfterCommit(deps, { id, partnerId: actor.partnerId, ...withdrawn }, 'withdrawn')
}

/**
 * Crypto-shredding: the data key goes, so every revision's identity is unreadable, backups included. The blind
 * indexes go with it, so the partner's reports that shared one no longer count this one and are scored again.
 */
export async function eraseRedNotice (deps: IntakeDeps, actor: Actor, id: string): Promise<void> {
  const erased = await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findRedNotice(tx, id, { forUpdate: true })
    if (row === null) throw notFound(NOT_FOUND)
    if (row.erasedAt !== null) return null
    const sharedIndexes = await ownIndexMatches(tx, id)
    const revisions = await eraseRedNoticeIdentities(tx, id)
    await forgetSubjectIndexes(tx, id)
    await recordAudit(tx, { ...auditActor(actor), action: 'red_notice.erased', targetKind: 'red_notice', targetId: id, details: { revisions } })
    return { revision: row.revision, sharedIndexes }
  })
  if (erased !== null) enqueueLinkedAfterCommit(deps, { id, revision: erased.revision }, erased.sharedIndexes, 'erased')
}

export async function listRedNoticeHistory (deps: IntakeDeps, actor: Actor, id: string) {
  return await withContext(deps.db, contextFor(actor), async (tx) => {
    const row = await findRedNotice(tx, id)
    if (row === null) throw notFound(NOT_FOUND)
    const identities = seesIdentities(actor, row)
    const revisions = await listRedNoticeRevisions(tx, id)
    await recordAudit(tx, { ...auditActor(actor), action: 'red_notice.revisions_read', targetKind: 'red_notice', targetId: id, details: { revisions: revisions.length, identities } })
    return revisions.map((revision) => ({
      revision: revision.revision,
      createdAt: revision.createdAt.toISOString(),
      report: joinRedNoticeIdentity(revision.facts as RedNoticeFacts, identities ? openIdentity(deps, row, revision.revision, revision.identity) : null)
    }))
  })
}

/**
 * The secretariat confirms a subject (docs/disclosure-policy.md): its current reports, whoever filed them, are
 * confirmed on it, so other partners' facts count in their scores from their next scoring. Each report's
 * partner sees the confirmation as an audit event on its report; any later identity change undoes it.
 */
export async function confirmSubject (deps: IntakeDeps, actor: Actor, subjectId: string): Promise<{ reports: number, partners: number }> {
  const confirmed = await withContext(deps.db, contextFor(actor), async (tx) => {
    const rows = await confirmSubjectReports(tx, subjectId)
    const partners = new Set(rows.map((row) => row.partnerId)).size
    await recordAudit(tx, [
      { ...auditActor(actor), action: 'subject.match_confirmed', targetKind: 'subject', targetId: subjectId, details: { reports: rows.length, partners } },
      // What each partner learns: that its report is now linked to the same person as reports of other partners, not whose.
      ...rows.map((row) => ({ ...auditActor(actor), action: 'red_notice.match_confirmed', targetKind: 'red_notice', targetId: row.id, details: { otherPartners: partners > 1 } }))
    ])
    return { rows, partners }
  })
  if (confirmed.rows.length === 0) throw notFound('Subject')
  deps.queue.enqueue(confirmed.rows.map((row) => ({ kind: 'red_notice' as const, reportId: row.id, revision: row.revision })))
    .catch((err: unknown) => { deps.log.warn({ err, subjectId }, 'could not rescore a confirmed subject; the reconciler will pick it up') })
  return { reports: confirmed.rows.length, partners: confirmed.partners }
}
