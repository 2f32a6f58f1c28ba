import { isIsoDate, isProtective } from './evidence.ts'
import type { LinkedContext, RedNoticeFacts } from './types.ts'

export const NO_LINKED_REPORTS: Readonly<LinkedContext> = Object.freeze({
  relativesTargeted: 0,
  priorDeletions: 0,
  priorProtectiveDeletions: 0,
  priorProtectiveRefusals: 0,
  priorDeletionDates: Object.freeze([]) as unknown as string[]
})

/**
 * Condenses other reports into the few facts the rules use, so the worker only loads reports and the
 * meaning of "linked" stays in the domain.
 * - `sameSubject`: the same partner's other reports found to concern the same person: those sharing a blind index
 *   with it, or confirmed with it on its subject by the secretariat (docs/disclosure-policy.md §3).
 * - `relatives`: reports named in `linkedReportIds` (relatives or co-accused); the current report's own
 *   facts are never passed here.
 * - `otherPartners`: other partners' reports on the same person that the secretariat confirmed. They count
 *   by kind only (docs/disclosure-policy.md): at most one deletion, one protective deletion and one protective
 *   refusal, and never their dates, so a partner's score tells it no more than that kind of fact exists.
 */
export function summariseLinkedReports (
  sameSubject: readonly RedNoticeFacts[],
  relatives: readonly RedNoticeFacts[],
  otherPartners: readonly RedNoticeFacts[] = []
): LinkedContext {
  const own = summariseSameSubject(sameSubject)
  const others = summariseSameSubject(otherPartners)
  const fromOtherPartners = { deletion: others.priorDeletions > 0, protectiveDeletion: others.priorProtectiveDeletions > 0, protectiveRefusal: others.priorProtectiveRefusals > 0 }
  const any = fromOtherPartners.deletion || fromOtherPartners.protectiveDeletion || fromOtherPartners.protectiveRefusal
  return {
    relativesTargeted: relatives.length,
    priorDeletions: own.priorDeletions + (fromOtherPartners.deletion ? 1 : 0),
    priorProtectiveDeletions: own.priorProtectiveDeletions + (fromOtherPartners.protectiveDeletion ? 1 : 0),
    priorProtectiveRefusals: own.priorProtectiveRefusals + (fromOtherPartners.protectiveRefusal ? 1 : 0),
    priorDeletionDates: own.priorDeletionDates,
    ...(any ? { fromOtherPartners } : {})
  }
}

function summariseSameSubject (sameSubject: readonly RedNoticeFacts[]) {
  let priorDeletions = 0
  let priorProtectiveDeletions = 0
  let priorProtectiveRefusals = 0
  const dates = new Set<string>()
  for (const report of sameSubject) {
    const deletions = report.events.filter(e => e.type === 'notice_deleted')
    if (deletions.length > 0 || report.status === 'deleted') priorDeletions++
    if (deletions.some(isProtective)) priorProtectiveDeletions++
    if (report.events.some(e => e.type === 'extradition_refused' && isProtective(e))) priorProtectiveRefusals++
    for (const d of deletions) if (isIsoDate(d.date)) dates.add(d.date)
  }
  // Sorted so that the same reports in any order give the same context, hence the same score.
  return { priorDeletions, priorProtectiveDeletions, priorProtectiveRefusals, priorDeletionDates: [...dates].sort() }
}
