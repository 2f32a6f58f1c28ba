import type { Rule } from './engine.ts'
import { countryEv, ev, hit, isBlank, listText, quote } from './evidence.ts'
import type { CountryContext, RedNoticeFacts, ScoringContext } from './types.ts'

type RnRule = Rule<RedNoticeFacts, ScoringContext>

export const mechanismWithoutInterpolReview: RnRule = (f) => {
  switch (f.mechanism) {
    case 'diffusion':
      return hit([ev('/mechanism', f.mechanism)],
        `The person is sought through a wanted-person diffusion sent by ${f.requestingCountry}'s NCB itself rather than a red notice published after review.`, 5)
    case 'wanted_list':
    case 'deportation':
    case 'entry_refusal':
      return hit([ev('/mechanism', f.mechanism)],
        `The person is pursued through a ${f.mechanism.replaceAll('_', ' ')}, which never passes Interpol's legal review.`, 8)
    default:
      // red_notice: reviewed by the NDTF before publication; extradition_request: decided by the courts
      // of the requested state. Neither removes a safeguard, so neither scores here.
      return null
  }
}

function firstSentence (text: string): string {
  const first = text.trim().split(/(?<=\.)\s/)[0] ?? ''
  return first.endsWith('.') ? first : `${first}.`
}

function countryRule (test: (c: CountryContext) => { evidence: string[], fact: string, points?: number } | null): RnRule {
  return (_f, ctx) => {
    const c = ctx.requestingCountry
    if (c === null) return null
    const found = test(c)
    return found === null ? null : hit(found.evidence, found.fact, found.points)
  }
}

export const requestingNcbAbuseRecord = countryRule(c => c.abuseRecord
  ? { evidence: [countryEv(c, 'abuseRecord')], fact: `The requesting NCB (${c.name}) is named in published sources as having abused Interpol's channels before.` }
  : null)

export const interpolRestrictions = countryRule(c => c.interpolRestrictions !== null && c.interpolRestrictions.trim() !== ''
  ? { evidence: [countryEv(c, 'interpolRestrictions')], fact: `Interpol restricts ${c.name}'s NCB: ${firstSentence(c.interpolRestrictions)}` }
  : null)

export const ruleOfLawDeficit = countryRule(c => {
  if (c.freedomStatus !== 'NF' && c.freedomStatus !== 'PF') return null
  const label = c.freedomStatus === 'NF' ? 'Not Free' : 'Partly Free'
  const year = c.freedomYear === null ? '' : ` for ${c.freedomYear}`
  return {
    evidence: [countryEv(c, 'freedomStatus'), ...(c.freedomScore === null ? [] : [countryEv(c, 'freedomScore')])],
    fact: `Freedom House rates ${c.name} ${label}${year}${c.freedomScore === null ? '' : ` (${c.freedomScore}/100)`}.`,
    points: c.freedomStatus === 'NF' ? 6 : 3
  }
})

export const outsideEchr = countryRule(c => c.echrParty
  ? null
  : {
      evidence: [countryEv(c, 'echrParty'), ...(isBlank(c.echrLeftOn ?? undefined) ? [] : [countryEv(c, 'echrLeftOn')])],
      fact: `${c.name} is not a party to the ECHR${isBlank(c.echrLeftOn ?? undefined) ? '' : ` (it ceased to be one on ${c.echrLeftOn ?? ''})`}.`
    })

export const tortureTreatyGaps = countryRule(c => {
  if (c.catParty === false) return { evidence: [countryEv(c, 'catParty')], fact: `${c.name} is not a party to the UN Convention against Torture.`, points: 2 }
  if (c.opcatParty === false) return { evidence: [countryEv(c, 'opcatParty')], fact: `${c.name} is not a party to the Optional Protocol to the Convention against Torture (OPCAT).`, points: 1 }
  return null
})

export const systematicTorture = countryRule(c => c.systematicTorture === true
  ? { evidence: [countryEv(c, 'systematicTorture')], fact: `Torture is documented as systematic in ${c.name}${c.code === 'RU' ? ' (notably the North Caucasus)' : ''}.` }
  : null)

// Gated only on its own facts (charge, document, requesting state); aggravating indicators add
// independently, so no aggravating fact can switch this off and no mitigating fact can switch one on.
export const specificViolentCrimeAccountableState: RnRule = (f, ctx) => {
  const c = ctx.requestingCountry
  if (c === null || !c.echrParty || c.freedomStatus !== 'F') return null
  const courtDocs = f.sources.flatMap((s, i) => s.kind === 'court_document' ? [ev(`/sources/${i}/kind`, s.kind)] : [])
  if (courtDocs.length === 0) return null
  const evidence: string[] = []
  const described: string[] = []
  f.charges.forEach((ch, i) => {
    if ((ch.category !== 'violent' && ch.category !== 'sexual') || isBlank(ch.legalProvision)) return
    evidence.push(ev(`/charges/${i}/category`, ch.category), ev(`/charges/${i}/legalProvision`, ch.legalProvision?.trim()))
    described.push(`a ${ch.category} charge (${quote(ch.legalProvision ?? '')})`)
  })
  if (evidence.length === 0) return null
  return hit([...evidence, ...courtDocs, countryEv(c, 'echrParty'), countryEv(c, 'freedomStatus')],
    `The request concerns ${listText(described)}, backed by a court document, from ${c.name}, an ECHR party rated Free by Freedom House.`)
}
