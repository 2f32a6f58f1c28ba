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
 * - `sameSubject`: other reports found to concern the same person (same pseudonymous subjectId).
 * - `relatives`: reports named in `linkedReportIds` (relatives or co-accused); the current report's own
 *   facts are never passed here.
 */
export function summariseLinkedReports (
  sameSubject: readonly RedNoticeFacts[],
  relatives: readonly RedNoticeFacts[]
): LinkedContext {
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
  return {
    relativesTargeted: relatives.length,
    priorDeletions,
    priorProtectiveDeletions,
    priorProtectiveRefusals,
    // Sorted so that the same reports in any order give the same context, hence the same score.
    priorDeletionDates: [...dates].sort()
  }
}
