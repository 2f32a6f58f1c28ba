import type { Rule } from './engine.ts'
import { ev, hit, listText } from './evidence.ts'
import { transnationalRepressionNaming } from './rules-2026-12.ts'
import { named, targetedPersonRepressiveState3Of } from './rules-2026-12-3.ts'
import { transnationalRepressionRecord } from './transnational-repression.ts'
import { documentedTargetsOf } from './transnational-repression-targets.ts'
import { noTreatyRecord, tortureRiskEstablishedForGroupOf } from './rules-2026-12-4.ts'
import { othmanCombinationWith, systematicOrWidespreadTortureWith, tortureNotCoveredWith, tortureRecordOf } from './rules-assurance-2026-12-3.ts'
import type { AssuranceContext, AssuranceFacts, RedNoticeFacts, ScoringContext } from './types.ts'

// Rules changed by ruleset 2026.12.5 (docs/scoring-evaluation.md): the same rules as 2026.12.4, reading
// the reference data added with 2026.12.5 — findings of widespread torture, including findings about a
// period that has since ended (read for facts dated within it), and states named as origins of
// transnational repression. Pure functions of the facts and context.

const V = '2026.12.5'
type RnRule = Rule<RedNoticeFacts, ScoringContext>
type AsRule = Rule<AssuranceFacts, AssuranceContext>

export const tortureRiskEstablishedForGroup5: RnRule = tortureRiskEstablishedForGroupOf(V)
const targetedByRecord5 = targetedPersonRepressiveState3Of(V)

/**
 * Freedom House's case studies name, for some origin states, whom they pursue abroad beyond critics and
 * minorities: former insiders (Saudi Arabia), every national abroad (Rwanda). A person the case study
 * names, pursued from abroad, stands where that record says the state's reach falls.
 */
export const targetedPersonRepressiveState5: RnRule = (f, ctx) => {
  const found = targetedByRecord5(f, ctx)
  if (found !== null) return found
  const record = transnationalRepressionRecord(f.requestingCountry, V)
  const targets = documentedTargetsOf(f.requestingCountry, V)
  if (record === null || targets === null) return null
  const abroad = f.subject.currentCountry !== undefined && f.subject.currentCountry.toUpperCase() !== f.requestingCountry.toUpperCase()
  if (!abroad) return null
  const profiles = (f.subject.profiles ?? []).filter(p => targets.profiles?.includes(p) === true)
  const national = targets.nationalsAbroad === true && (f.subject.nationalities === undefined || f.subject.nationalities.some(n => n.toUpperCase() === f.requestingCountry.toUpperCase()))
  if (profiles.length === 0 && !national) return null
  const c = ctx.requestingCountry
  const where = named(c, f.requestingCountry)
  const s = targets.source
  return hit([
    ...(profiles.length > 0 ? [ev('/subject/profiles', profiles)] : f.subject.nationalities === undefined ? [] : [ev('/subject/nationalities', f.subject.nationalities)]),
    ev('/subject/currentCountry', f.subject.currentCountry),
    `${where} ${transnationalRepressionNaming(record).evidence}; ${s.title} (${s.publisher}, ${s.date})`
  ], `The person (${profiles.length > 0 ? listText(profiles.map(p => p.replace(/_/g, ' '))) : `a national of ${where}`}, living in ${f.subject.currentCountry}) is sought by ${where}: ${targets.finding} (${s.title}, ${s.publisher}, ${s.date}, ${s.url ?? s.reference ?? ''}).`,
  record.tier === 'leading' ? 20 : 12)
}

const tortureRecord5 = tortureRecordOf(V)
export const othmanCombination5: AsRule = othmanCombinationWith((c, f) => tortureRecord5(c, f) ?? noTreatyRecord(c))
export const systematicOrWidespreadTorture5: AsRule = systematicOrWidespreadTortureWith(tortureRecord5)
export const tortureNotCovered5: AsRule = tortureNotCoveredWith(tortureRecord5)
