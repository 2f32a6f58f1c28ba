import { evaluate, type ScoredCase } from './evaluation.ts'
import { isProtective } from './evidence.ts'
import type { EventType, RedNoticeFacts } from './types.ts'

// Backtesting on the coalition's own outcomes (docs/scoring-evaluation.md "Backtesting"). Pure: the
// labels are read from the facts partners record; the scored facts are the first revision's, with
// every outcome fact taken out, so a score is never credited with knowing the answer.

/** Events that record how a case ended; they are labels, never scoring inputs, in a backtest. */
export const OUTCOME_EVENT_TYPES: readonly EventType[] = [
  'notice_deleted', 'extradition_refused', 'interim_measures', 'extradition_approved', 'deported', 'conviction'
]

export type OutcomeLabel = 'abuse' | 'legitimate'

/**
 * - abuse: a notice deleted or an extradition refused on political, torture-risk or refugee grounds, or
 *   interim measures ordered by a court;
 * - legitimate: none of those, no refusal or deletion on any grounds, and either an extradition approved
 *   and carried out (`extradition_approved` and `deported`), or a `conviction` (a sentence after a trial
 *   the person attended) recorded after the first revision;
 * - otherwise no label: the case is left out.
 */
export function outcomeLabel (current: RedNoticeFacts, first: RedNoticeFacts): OutcomeLabel | null {
  const events = current.events
  const abuse = events.some(e => ((e.type === 'notice_deleted' || e.type === 'extradition_refused') && isProtective(e)) || e.type === 'interim_measures')
  if (abuse) return 'abuse'
  const challenged = events.some(e => e.type === 'notice_deleted' || e.type === 'extradition_refused') || current.status === 'deleted'
  if (challenged) return null
  const carriedOut = events.some(e => e.type === 'extradition_approved') && events.some(e => e.type === 'deported')
  const convictionsBefore = first.events.filter(e => e.type === 'conviction').length
  const convictedSince = events.filter(e => e.type === 'conviction').length > convictionsBefore
  return carriedOut || convictedSince ? 'legitimate' : null
}

/** The first revision as it can fairly be scored: outcome events removed, a `deleted` status forgotten. */
export function withoutOutcomeFacts (first: RedNoticeFacts): RedNoticeFacts {
  const { status, ...rest } = first
  return {
    ...rest,
    ...(status === undefined || status === 'deleted' || status === 'withdrawn' ? {} : { status }),
    events: first.events.filter(e => !OUTCOME_EVENT_TYPES.includes(e.type))
  }
}

export interface SuppressedEvaluation {
  /** Minimum group size: any figure over fewer labelled reports is withheld (null). */
  minGroupSize: number
  labelled: { abuse: number | null, legitimate: number | null }
  auc: number | null
  abuseFlagged: number | null
  legitimateFlagged: number | null
  /** label → band → count, cells under minGroupSize withheld (null). */
  confusion: Record<OutcomeLabel, Record<'low' | 'elevated' | 'high' | 'critical', number | null>>
}

/** The corpus metrics over backtest cases, with small groups suppressed as the statistics release does. */
export function suppressedEvaluation (cases: readonly ScoredCase[], k: number): SuppressedEvaluation {
  const m = evaluate(cases)
  const keep = (n: number): number | null => n >= k ? n : null
  const abuse = m.redNotices.abuseFlagged.of
  const legit = m.redNotices.legitimateFlagged.of
  const bothLarge = abuse >= k && legit >= k
  const row = (label: OutcomeLabel) => {
    const r = m.confusion[label] ?? { low: 0, elevated: 0, high: 0, critical: 0 }
    return { low: keep(r.low), elevated: keep(r.elevated), high: keep(r.high), critical: keep(r.critical) }
  }
  return {
    minGroupSize: k,
    labelled: { abuse: keep(abuse), legitimate: keep(legit) },
    // A share over a withheld group would reveal it; the AUC needs both groups.
    auc: bothLarge ? m.redNotices.auc : null,
    abuseFlagged: abuse >= k ? m.redNotices.abuseFlagged.share : null,
    legitimateFlagged: legit >= k ? m.redNotices.legitimateFlagged.share : null,
    confusion: { abuse: row('abuse'), legitimate: row('legitimate') }
  }
}
