import type { Rule, RuleHit } from './engine.ts'
import { ev, eventsOfType, hit, isBlank, isIsoDate, isProtective, listText, profilesText, quote, requestDates } from './evidence.ts'
import { PERSECUTED_PROFILES } from './rules-red-notice-subject.ts'
import type { ChargeCategory, EventType, Profile, RedNoticeFacts, ScoringContext } from './types.ts'

type RnRule = Rule<RedNoticeFacts, ScoringContext>

const chargeKind = (category: ChargeCategory): string => `a charge of category ${category}`

function chargesIn (f: RedNoticeFacts, categories: readonly ChargeCategory[]): { evidence: string[], described: string[] } {
  const evidence: string[] = []
  const described: string[] = []
  f.charges.forEach((c, i) => {
    if (!categories.includes(c.category)) return
    evidence.push(ev(`/charges/${i}/category`, c.category))
    // The charge's own wording is free text that can name people: explanations name its category only. The
    // legal provision is quoted as the partner wrote it, so that putting the fact in words leaves it alone.
    const law = isBlank(c.legalProvision) ? '' : ` (${quote(c.legalProvision ?? '')})`
    described.push(`${chargeKind(c.category)}${law}`)
  })
  return { evidence, described }
}

function chargeRule (categories: readonly ChargeCategory[], lead: string): RnRule {
  return (f) => {
    const { evidence, described } = chargesIn(f, categories)
    return hit(evidence, `${lead} ${listText(described)}, requested by ${f.requestingCountry}.`)
  }
}

export const vagueSecurityCharge = chargeRule(['terrorism', 'extremism', 'armed_group'], 'The subject is charged with')
export const expressionCharge = chargeRule(['speech', 'insult_or_honour', 'assembly_or_protest'], 'The subject is charged with')
export const privateOrAdministrativeMatter = chargeRule(['private_dispute', 'administrative'], 'The request rests on')

const MILITARY_PROFILES: readonly Profile[] = ['deserter', 'draft_evader', 'conscientious_objector']

export const militaryOffence: RnRule = (f) => {
  const { evidence, described } = chargesIn(f, ['military_service'])
  const profiles = (f.subject.profiles ?? []).filter(p => MILITARY_PROFILES.includes(p))
  evidence.push(...profiles.map(p => ev('/subject/profiles', p)))
  const parts = [
    ...(described.length > 0 ? [`is charged with ${listText(described)}`] : []),
    ...(profiles.length > 0 ? [`is reported as ${profilesText(profiles)}`] : [])
  ]
  return hit(evidence, `The subject ${parts.join(' and ')}.`)
}

const ECONOMIC_TARGET_PROFILES: readonly Profile[] = [...PERSECUTED_PROFILES, 'business_person', 'former_official']

export const economicChargeWithProfile: RnRule = (f) => {
  const { evidence, described } = chargesIn(f, ['economic', 'fraud', 'property'])
  const profiles = (f.subject.profiles ?? []).filter(p => ECONOMIC_TARGET_PROFILES.includes(p))
  if (evidence.length === 0 || profiles.length === 0) return null
  return hit([...evidence, ...profiles.map(p => ev('/subject/profiles', p))],
    `The subject, reported as ${profilesText(profiles)}, is charged with ${listText(described)}.`)
}

export const insufficientDescription: RnRule = (f) => {
  const evidence: string[] = []
  const described: string[] = []
  f.charges.forEach((c, i) => {
    if (!isBlank(c.legalProvision) || isIsoDate(c.allegedOffenceDate)) return
    evidence.push(ev(`/charges/${i}/legalProvision`, null))
    described.push(`${i + 1} (${chargeKind(c.category)})`)
  })
  return hit(evidence, `${described.length > 1 ? 'Charges' : 'Charge'} ${listText(described)} ${described.length > 1 ? 'are' : 'is'} recorded without the legal provision or the date of the alleged offence.`)
}

export const priorNoticeDeletion: RnRule = (f, ctx) => {
  const evidence: string[] = []
  let protective = false
  const grounds: string[] = []
  for (const { event, index } of eventsOfType(f, 'notice_deleted')) {
    evidence.push(ev(`/events/${index}/type`, event.type))
    if (event.grounds !== undefined) { evidence.push(ev(`/events/${index}/grounds`, event.grounds)); grounds.push(event.grounds) }
    protective ||= isProtective(event)
  }
  if (f.status === 'deleted') evidence.push(ev('/status', f.status))
  if (ctx.linked.priorDeletions > 0) evidence.push(ev('linked/priorDeletions', ctx.linked.priorDeletions))
  if (ctx.linked.priorProtectiveDeletions > 0) {
    evidence.push(ev('linked/priorProtectiveDeletions', ctx.linked.priorProtectiveDeletions))
    protective = true
  }
  const why = grounds.length > 0 ? ` on ${listText(grounds.map(g => g.replaceAll('_', ' ')))} grounds` : ''
  // Another partner's report is named by its kind only (docs/disclosure-policy.md): no count, date or id.
  const byOthers = ctx.linked.fromOtherPartners?.deletion === true ? 1 : 0
  const own = ctx.linked.priorDeletions - byOthers
  const linkedParts = [
    ...(own > 0 ? [`${own} other report(s) on the same person record a deletion`] : []),
    ...(byOthers > 0 ? ['another partner\'s report on the same person records a deletion'] : [])
  ]
  const linked = linkedParts.length > 0 ? ` (${linkedParts.join('; ')})` : ''
  return hit(evidence, `A notice against this person has been deleted by Interpol${why}${linked}.`, protective ? 25 : 15)
}

export const refiledAfterDeletion: RnRule = (f, ctx) => {
  const own = eventsOfType(f, 'notice_deleted')
  const deletions = [
    ...own.filter(d => isIsoDate(d.event.date)).map(d => ({ pointer: `/events/${d.index}/date`, date: d.event.date as string })),
    ...ctx.linked.priorDeletionDates.filter(isIsoDate).map(date => ({ pointer: 'linked/priorDeletionDates', date }))
  ]
  const evidence: string[] = []
  const first = deletions.map(d => d.date).sort()[0]
  const later = first === undefined ? [] : requestDates(f).filter(r => r.date > first)
  if (first !== undefined && later.length > 0) {
    const d = deletions.find(x => x.date === first)
    if (d !== undefined) evidence.push(ev(d.pointer, d.date))
    evidence.push(...later.map(r => ev(r.pointer, r.date)))
  }
  const anyDeletion = own.length > 0 || ctx.linked.priorDeletions > 0
  const switched = anyDeletion && f.mechanism !== 'red_notice'
  if (switched) evidence.push(ev('/mechanism', f.mechanism))
  const parts = [
    ...(later.length > 0 ? [`a new request dated ${listText(later.map(r => r.date))} followed the deletion of ${first ?? ''}`] : []),
    ...(switched ? [`the person is now pursued through a ${f.mechanism.replaceAll('_', ' ')} after a notice deletion`] : [])
  ]
  return hit(evidence, `${f.requestingCountry} persisted after Interpol deleted a notice: ${parts.join('; ')}.`)
}

export const priorExtraditionRefusal: RnRule = (f, ctx) => {
  const evidence: string[] = []
  const where: string[] = []
  let protective = false
  for (const { event, index } of eventsOfType(f, 'extradition_refused')) {
    evidence.push(ev(`/events/${index}/type`, event.type))
    if (event.grounds !== undefined) evidence.push(ev(`/events/${index}/grounds`, event.grounds))
    if (event.country !== undefined) where.push(event.country)
    protective ||= isProtective(event)
  }
  if (ctx.linked.priorProtectiveRefusals > 0) {
    evidence.push(ev('linked/priorProtectiveRefusals', ctx.linked.priorProtectiveRefusals))
    protective = true
  }
  const by = where.length > 0 ? ` by ${listText(where)}` : ''
  const others = ctx.linked.fromOtherPartners?.protectiveRefusal === true ? ' (another partner\'s report on the same person records such a refusal)' : ''
  return hit(evidence, `Extradition of this person has already been refused${by}${protective ? ' on political, torture-risk or refugee grounds' : ''}${others}.`, protective ? 20 : 8)
}

function eventRule (type: EventType, fact: (f: RedNoticeFacts) => string): RnRule {
  return (f): RuleHit | null => hit(eventsOfType(f, type).map(({ index }) => ev(`/events/${index}/type`, type)), fact(f))
}

export const interimMeasures = eventRule('interim_measures', () => 'A court has ordered interim measures against the subject\'s removal.')
export const convictionInAbsentia = eventRule('conviction_in_absentia', (f) => `The subject was convicted in absentia in ${f.requestingCountry}.`)
export const changingCharges = eventRule('charges_changed', () => 'The charges against the subject were changed during the case.')
