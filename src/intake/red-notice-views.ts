import type { RedNoticeRow } from '../db/queries/red-notices.ts'
import { currentScores, finalFailures, scoreStatusOf, type ScoreSummary } from '../db/queries/score-summaries.ts'
import type { Transaction } from '../db/context.ts'
import { joinRedNoticeIdentity, joinRedNoticeIdentityInto, type RedNoticeIdentity } from '../schemas/identity.ts'
import type { RedNoticeFacts } from '../schemas/red-notices.ts'
import { visibleSubjectId } from './disclosure.ts'
import { countOtherReportsMany } from './subjects.ts'
import { iso, type Actor, type IntakeDeps } from './types.ts'
import { IdentityVault } from './vault.ts'

/** `subjectId`: the subject id this reader is shown (visibleSubjectId); `otherReportsOnSubject` as countOtherReportsMany. */
export interface ViewMeta { subjectId: string, otherReportsOnSubject: number, score: ScoreSummary | undefined, failed?: boolean }

/** Only the reporting partner ever sees identities; analysts and admins see the case by its pseudonym. */
export function seesIdentities (actor: Actor, row: { partnerId: string }): boolean {
  return actor.role === 'reporter' && actor.partnerId === row.partnerId
}

/**
 * Builds the representation. With `identity` null the view is pseudonymised by construction: it is made
 * from the stored facts alone, which never held an identifying member.
 */
export function redNoticeView (row: RedNoticeRow, identity: RedNoticeIdentity | null, meta: ViewMeta) {
  return {
    ...recordMeta(row, meta),
    // Pseudonymised, the stored facts are the representation: no copy (the join clones), the row is ours alone.
    ...(identity === null ? row.facts as RedNoticeFacts : joinRedNoticeIdentity(row.facts as RedNoticeFacts, identity))
  }
}

/** The record's own members of a view, before the report's. */
function recordMeta (row: Pick<RedNoticeRow, 'id' | 'revision' | 'createdAt' | 'updatedAt' | 'withdrawnAt' | 'erasedAt'>, meta: ViewMeta) {
  return {
    id: row.id,
    subjectId: meta.subjectId,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    withdrawnAt: iso(row.withdrawnAt),
    erasedAt: iso(row.erasedAt),
    scoreStatus: scoreStatusOf(meta.score, meta.failed === true),
    otherReportsOnSubject: meta.otherReportsOnSubject,
    currentScore: meta.score ?? null
  }
}

/**
 * A listed report's view as JSON text: the record's members, then those of `factsJson`, the report's facts as JSON text.
 * Pseudonymised, that is the stored facts as PostgreSQL writes them, passed on neither parsed nor written again: they
 * were stored through the closed facts schema (no identifying member, none unknown) and hold no member of the
 * record's own. The reporting partner's own view gives them with its identity joined (ownFactsJson).
 */
export function listedViewJson (row: Pick<RedNoticeRow, 'id' | 'revision' | 'createdAt' | 'updatedAt' | 'withdrawnAt' | 'erasedAt'>, factsJson: string, meta: ViewMeta): string {
  if (!factsJson.startsWith('{') || !factsJson.endsWith('}')) throw new Error(`report ${row.id}: stored facts are not an object`)
  const record = JSON.stringify(recordMeta(row, meta))
  return /^\{\s*\}$/.test(factsJson) ? record : `${record.slice(0, -1)},${factsJson.slice(1)}`
}

/**
 * The stored facts' text with the identity they were split from joined in, as JSON text: parsed once, joined and
 * written. Both parts were stored through closed schemas (the facts' and the sealed identity's), so the result holds
 * no member those schemas do not.
 */
export function ownFactsJson (factsJson: string, identity: RedNoticeIdentity): string {
  return JSON.stringify(joinRedNoticeIdentityInto(JSON.parse(factsJson) as RedNoticeFacts, identity))
}

export type RedNoticeView = ReturnType<typeof redNoticeView>

export function openIdentity (deps: IntakeDeps, row: { id: string, wrappedKey: string | null }, revision: number, ciphertext: string | null): RedNoticeIdentity | null {
  if (row.wrappedKey === null || ciphertext === null) return null
  return new IdentityVault(deps.secrets, 'red_notices').openWrapped(row.id, row.wrappedKey, revision, ciphertext) as RedNoticeIdentity
}

/** Views of several current rows, with identities only where this actor may see them. */
export async function redNoticeViews (tx: Transaction, deps: IntakeDeps, actor: Actor, rows: readonly RedNoticeRow[]): Promise<RedNoticeView[]> {
  // One transaction is one connection: these run one after the other whatever the code looks like.
  const others = await countOtherReportsMany(tx, rows.map((row) => ({ subjectId: row.subjectId, reportId: row.id, partnerId: row.partnerId })), actor.role === 'reporter')
  const scored = await currentScores(tx, 'red_notice', rows)
  const failed = await finalFailures(tx, 'red_notice', rows)
  return rows.map((row) => redNoticeView(
    row,
    seesIdentities(actor, row) ? openIdentity(deps, row, row.revision, row.identity) : null,
    { subjectId: visibleSubjectId(deps.secrets, actor, row), otherReportsOnSubject: others.get(row.id) ?? 0, score: scored.get(row.id), failed: failed.has(row.id) }
  ))
}
