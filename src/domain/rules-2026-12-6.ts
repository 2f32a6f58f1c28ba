import type { Rule } from './engine.ts'
import { ev, hit, isBlank, isIsoDate, listText } from './evidence.ts'
import { ACTS_WITH_VICTIMS, specificCheckableChargesOf } from './rules-2026-12.ts'
import { specificChargesWeighedByJudiciaryWith } from './rules-2026-12-2.ts'
import type { ChargeCategory, RedNoticeFacts, ScoringContext } from './types.ts'

// Rules changed by ruleset 2026.12.6 (docs/scoring-evaluation.md). Pure functions of the facts and
// context; each only gains evidence as facts are added.

type RnRule = Rule<RedNoticeFacts, ScoringContext>

/**
 * Every charge whose particulars name the act counts towards a checkable file, economic crimes included:
 * the CCF's test for a notice's summary of facts is the same for fraud as for violence (the person's role,
 * specific criminal actions, time and means). Weighed, as since 2026.12.2, by how far the requesting
 * state's courts are independent: 15 where rated Free, 8 where Partly Free, nothing where Not Free.
 */
export const CHECKABLE_CATEGORIES_2026_12_6: readonly ChargeCategory[] = [...ACTS_WITH_VICTIMS, 'economic', 'fraud', 'abuse_of_office']
export const specificCheckableCharges6: RnRule = specificChargesWeighedByJudiciaryWith(specificCheckableChargesOf(CHECKABLE_CATEGORIES_2026_12_6))

/**
 * A charge whose particulars name the act (date, place, victims or damage) is described: what the CCF
 * finds lacking in a notice is the summary of facts, and a partner who does not know the article of the
 * code has not found a gap in the notice. The others are read as before: without the legal provision and
 * the date of the alleged offence, the charge is not shown to be described.
 */
export const insufficientDescription6: RnRule = (f) => {
  const evidence: string[] = []
  const described: string[] = []
  f.charges.forEach((c, i) => {
    if (c.particulars === 'specific' || !isBlank(c.legalProvision) || isIsoDate(c.allegedOffenceDate)) return
    evidence.push(ev(`/charges/${i}/legalProvision`, null), ev(`/charges/${i}/particulars`, c.particulars ?? null))
    described.push(`${i + 1} (a charge of category ${c.category})`)
  })
  return evidence.length === 0
    ? null
    : hit(evidence, `${described.length > 1 ? 'Charges' : 'Charge'} ${listText(described)} ${described.length > 1 ? 'are' : 'is'} recorded without the legal provision or the date of the alleged offence, and without particulars naming the act.`)
}
