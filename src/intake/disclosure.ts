import { sql } from 'drizzle-orm'
import { blindIndex, type CryptoSecrets } from '../crypto/index.ts'
import type { Transaction } from '../db/context.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { summariseLinkedReports } from '../domain/index.ts'
import { toRedNoticeFacts } from '../scoring/facts.ts'
import { rowsOf } from '../db/queries/sql-helpers.ts'
import { HttpProblem } from '../errors.ts'
import type { Actor } from './types.ts'

/**
 * The disclosure policy for matches (docs/disclosure-policy.md) in code: what a reporter is shown of its
 * report's subject, and how much it may change the identities it files.
 */

/** Identity changes (name, aliases or birth date) one report may take in 24 hours. */
export const IDENTITY_CHANGES_PER_REPORT_PER_DAY = 3
/** Identity changes all of one partner's reports may take in 24 hours. */
export const IDENTITY_CHANGES_PER_PARTNER_PER_DAY = 30
/** The audit action each identity change records; the budget counts these. */
export const IDENTITY_CHANGED = 'red_notice.identity_changed'
/** The secretariat's alert: a report or partner reached its identity-change budget. */
export const PROBING_SUSPECTED = 'disclosure.probing_suspected'

const DAY_SECONDS = 24 * 60 * 60

/**
 * The subject id a reporter sees: the report's own stable pseudonym, a keyed hash of its id. It never
 * changes, whatever the report matches, so it cannot tell the reporter that another partner's report
 * concerns the same person. Analysts and admins (the secretariat) see the shared subject id.
 */
export function reporterSubjectId (secrets: Pick<CryptoSecrets, 'blindIndexKey'>, reportId: string): string {
  const hex = Buffer.from(blindIndex(secrets.blindIndexKey, { table: 'red_notices', field: 'reporter_subject' }, reportId), 'base64url').toString('hex')
  // Formatted as an RFC 9562 version 8 (custom) UUID, so the field keeps its format.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The subject id this actor is shown for a report: its own pseudonym for reporters, the shared one otherwise. */
export function visibleSubjectId (secrets: Pick<CryptoSecrets, 'blindIndexKey'>, actor: Pick<Actor, 'role'>, row: { id: string, subjectId: string }): string {
  return actor.role === 'reporter' ? reporterSubjectId(secrets, row.id) : row.subjectId
}

export interface BudgetVerdict { allowed: boolean, reportChanges: number, partnerChanges: number }

/**
 * Counts the identity changes of the last 24 hours (audit events this partner may read) under a lock per
 * partner, so two concurrent changes cannot both take the last unit of the budget.
 */
export async function identityChangeBudget (tx: Transaction, actor: Actor, reportId: string): Promise<BudgetVerdict> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`identity-budget:${actor.partnerId}`}, 0))`)
  const [counts] = rowsOf<{ report: number, partner: number }>(await tx.execute(sql`
    select count(*) filter (where target_id = ${reportId}::uuid)::integer as report, count(*)::integer as partner
    from audit_events where actor_partner_id = ${actor.partnerId}::uuid and action = ${IDENTITY_CHANGED}
      and occurred_at > now() - make_interval(secs => ${DAY_SECONDS})`))
  const reportChanges = counts?.report ?? 0
  const partnerChanges = counts?.partner ?? 0
  return {
    allowed: reportChanges < IDENTITY_CHANGES_PER_REPORT_PER_DAY && partnerChanges < IDENTITY_CHANGES_PER_PARTNER_PER_DAY,
    reportChanges,
    partnerChanges
  }
}

/** Records an identity change; the change that uses up a budget also raises the secretariat's alert. */
export async function recordIdentityChange (tx: Transaction, actor: Actor, reportId: string, revision: number, before: BudgetVerdict): Promise<void> {
  const entries = [{ actorPartnerId: actor.partnerId, actorKeyId: actor.apiKeyId, requestId: actor.requestId, action: IDENTITY_CHANGED, targetKind: 'red_notice', targetId: reportId, details: { revision } }]
  await recordAudit(tx, entries)
  if (before.reportChanges + 1 >= IDENTITY_CHANGES_PER_REPORT_PER_DAY || before.partnerChanges + 1 >= IDENTITY_CHANGES_PER_PARTNER_PER_DAY) {
    await recordProbing(tx, actor, reportId, { reportChanges: before.reportChanges + 1, partnerChanges: before.partnerChanges + 1, refused: false })
  }
}

/** The alert: an audit event on the report (so its partner sees it too) naming the partner and the counts. */
export async function recordProbing (tx: Transaction, actor: Actor, reportId: string, details: { reportChanges: number, partnerChanges: number, refused: boolean }): Promise<void> {
  await recordAudit(tx, { actorPartnerId: null, actorKeyId: null, requestId: actor.requestId, action: PROBING_SUSPECTED, targetKind: 'red_notice', targetId: reportId, details: { partnerId: actor.partnerId, apiKeyId: actor.apiKeyId, ...details } })
}

/** 429 past the budget: the same answer whatever the report matches. */
export function identityBudgetExceeded (): HttpProblem {
  return new HttpProblem(429, 'Too Many Requests',
    `A report's name, aliases and birth date may change at most ${IDENTITY_CHANGES_PER_REPORT_PER_DAY} times a day, and a partner's at most ${IDENTITY_CHANGES_PER_PARTNER_PER_DAY} times; the secretariat has been notified`,
    { errors: [{ in: 'body', pointer: '/subject', message: 'identity change budget used up for today' }] },
    { 'retry-after': String(DAY_SECONDS) })
}

/**
 * Records, for the secretariat alone, that a report now shares its subject with another partner's report
 * (`joined`: its identity change put it on a subject it was not on, which earlier reports hold). The question is
 * asked of every identity change, joined or not, as file_red_notices asks it of every filing: only the event's one
 * row depends on the match, so the change does not take longer when it matched another partner's report
 * (test/security/identity-change-work.test.ts).
 */
export async function recordPendingMatch (tx: Transaction, actor: Actor, reportId: string, subjectId: string, joined: boolean): Promise<void> {
  const [row] = rowsOf<{ other: boolean }>(await tx.execute(sql`select subject_has_other_partners(${subjectId}::uuid, ${actor.partnerId}::uuid) as other`))
  if (!joined || row?.other !== true) return
  await recordAudit(tx, { actorPartnerId: null, actorKeyId: null, requestId: actor.requestId, action: 'subject.match_pending', targetKind: 'subject', targetId: subjectId, details: { reportId, partnerId: actor.partnerId, via: 'change' } })
}

/**
 * What another partner's report confirmed on the same subject counts of this one (summariseLinkedReports): the
 * kinds only. Its other changes cannot move another partner's score, so they score no other partner's report again.
 */
export function kindsOtherPartnersCount (facts: Record<string, unknown>): string {
  const { fromOtherPartners } = summariseLinkedReports([], [], [toRedNoticeFacts(facts)])
  return JSON.stringify(fromOtherPartners ?? {})
}

/** Whether other partners' reports confirmed with this one count anything of it (kindsOtherPartnersCount). */
export function countsForOtherPartners (facts: Record<string, unknown>): boolean {
  return summariseLinkedReports([], [], [toRedNoticeFacts(facts)]).fromOtherPartners !== undefined
}
