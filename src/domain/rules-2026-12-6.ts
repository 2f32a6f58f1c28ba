import type { Rule } from './engine.ts'
import { ev, hit, isBlank, isIsoDate, listText } from './evidence.ts'
import { judicialTrust } from './rules-2026-12-2.ts'
import { named } from './rules-2026-12-3.ts'
import type { ChargeCategory, RedNoticeFacts, ScoringContext } from './types.ts'
import { countryEv } from './evidence.ts'

// Rules changed by ruleset 2026.12.6 (docs/scoring-evaluation.md). Pure functions of the facts and
// context; each only gains evidence as facts are added.

type RnRule = Rule<RedNoticeFacts, ScoringContext>

/**
 * Every charge whose particulars name the act counts towards a checkable file, economic crimes included:
 * the CCF's test for a notice's summary of facts is the same for fraud as for violence (the person's role,
 * specific criminal actions, time and means), and an economic charge meeting it is what the CCF asks a
 * requesting state to produce. Weighed, as since 2026.12.2, by how far the requesting state's courts are
 * independent: 15 where rated Free, 8 where Partly Free, nothing where Not Free or torture is systematic.
 */
export const CHECKABLE_CATEGORIES_2026_12_6: readonly ChargeCategory[] = [
  'terrorism', 'extremism', 'armed_group', 'violent', 'sexual', 'drugs', 'property', 'international_crime',
  'economic', 'fraud', 'abuse_of_office'
]

export const specificCheckableCharges6: RnRule = (f, ctx) => {
  if (f.charges.length === 0 || f.charges.some(ch => ch.particulars !== 'specific' || !CHECKABLE_CATEGORIES_2026_12_6.includes(ch.category))) return null
  const c = ctx.requestingCountry
  const trust = judicialTrust(c)
  if (trust === 'none') return null
  const rating = c === null || c.freedomStatus === null ? 'of unknown rating' : c.freedomStatus === 'F' ? 'rated Free by Freedom House' : 'rated Partly Free by Freedom House'
  return hit([...f.charges.map((_ch, i) => ev(`/charges/${i}/particulars`, 'specific')), ...(c === null ? [] : [countryEv(c, 'freedomStatus')])],
    // The charge's own wording is free text that can name people: the sentence names its category only.
    `Every charge names a checkable act (the person's role, the acts, time and place, victims or damage): ${listText(f.charges.map(ch => `a charge of category ${ch.category}`))}; the requesting state${c === null ? '' : `, ${named(c, c.code)},`} is ${rating}, so its courts can be expected to test these facts${trust === 'partial' ? ' only in part' : ''}.`,
    trust === 'full' ? 15 : 8)
}

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
    : hit(evidence, `Charge ${listText(described)} is recorded without the legal provision or the date of the alleged offence, and without particulars naming the act.`)
}
