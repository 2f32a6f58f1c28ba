import data from './group-torture-risk.data.json' with { type: 'json' }
import { perRulesetVersion, readByRuleset } from './ruleset-version.ts'
import type { ChargeCategory, CountryCode, IsoDate, PoliticalContextType, Profile, RedNoticeFacts, SourceRef } from './types.ts'

/**
 * Groups found, as a group, at real risk of ill-treatment in a state: then membership of the group
 * establishes the risk for the person, whatever the charge (Saadi v. Italy, § 132). Found by the
 * European Court of Human Rights, or (since the Court itself relies on them for the situation in a
 * state) by UN human rights bodies and OSCE Moscow Mechanism rapporteurs. Reference data (pure, no
 * I/O), read by ruleset 2026.12.3 and later.
 */
export type FindingBody = 'ecthr' | 'un' | 'osce'

/** One way to belong to a group: every dimension given must match (any value within a dimension). */
export interface GroupCondition {
  ethnicity?: string[]
  profiles?: Profile[]
  chargeCategories?: ChargeCategory[]
  /** A political event of one of these types dated within [from, to]. */
  politicalContext?: { types: PoliticalContextType[], from: IsoDate, to: IsoDate }
}

export interface GroupTortureRisk {
  code: CountryCode
  body: FindingBody
  group: GroupCondition & { allDetainees?: boolean, anyOf?: GroupCondition[] }
  /** Who the group is, as a phrase fit to quote. */
  groupText: string
  /** What was found, as a clause fit to quote. */
  finding: string
  sources: SourceRef[]
  /** The first ruleset that reads this finding; absent for those read since 2026.12.3. */
  addedIn?: string
}

type RawSource = Omit<SourceRef, 'citation'>
interface DataFile {
  principle: RawSource[]
  bodies: Record<FindingBody, string>
  states: Array<Omit<GroupTortureRisk, 'sources'> & { sources: RawSource[] }>
}

const withCitation = (s: RawSource): SourceRef =>
  Object.freeze({ citation: `${s.publisher ?? ''}, ${s.title ?? ''} (${s.date ?? ''}), ${s.reference ?? ''}`, ...s })

const file = data as DataFile
const FINDINGS: readonly GroupTortureRisk[] = Object.freeze(file.states.map(s => Object.freeze({ ...s, sources: s.sources.map(withCitation) })))

/** Saadi § 132 and NA. § 116: the principle that group membership is enough. */
export const GROUP_RISK_PRINCIPLE: readonly SourceRef[] = Object.freeze(file.principle.map(withCitation))
const FIRST_VERSION = '2026.12.3'
const findingsOf = (rulesetVersion: string): GroupTortureRisk[] => FINDINGS.filter(f => readByRuleset(f.addedIn, rulesetVersion))
// By state, strongest first, as a ruleset reads the findings: the search every red notice's rules make.
const rankedRead = perRulesetVersion((rulesetVersion) => {
  const byCode = new Map<string, GroupTortureRisk[]>()
  for (const f of findingsOf(rulesetVersion)) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f])
  for (const list of byCode.values()) list.sort((a, b) => rank(b) - rank(a))
  return byCode
})

/** The sources of the findings a ruleset reads. */
export const groupTortureRiskSources = (rulesetVersion: string): SourceRef[] => findingsOf(rulesetVersion).flatMap(f => f.sources)
export const GROUP_TORTURE_RISK_SOURCES: readonly SourceRef[] = groupTortureRiskSources(FIRST_VERSION)
/** Who found the group at risk, as a phrase fit to quote. */
export const FINDING_BODY_TEXT: Readonly<Record<FindingBody, string>> = Object.freeze({ ...file.bodies })

type Pointers = Array<[string, unknown]>

function matchCondition (f: RedNoticeFacts, c: GroupCondition): Pointers | null {
  const found: Pointers[] = []
  if (c.ethnicity !== undefined) {
    const e = f.subject.ethnicity?.toLowerCase()
    if (e === undefined || !c.ethnicity.some(x => e.includes(x))) return null
    found.push([['/subject/ethnicity', f.subject.ethnicity]])
  }
  if (c.profiles !== undefined) {
    const ps: Pointers = []
    ;(f.subject.profiles ?? []).forEach((p, i) => { if (c.profiles?.includes(p) === true) ps.push([`/subject/profiles/${i}`, p]) })
    if (ps.length === 0) return null
    found.push(ps)
  }
  if (c.chargeCategories !== undefined) {
    const ps: Pointers = []
    f.charges.forEach((ch, i) => { if (c.chargeCategories?.includes(ch.category) === true) ps.push([`/charges/${i}/category`, ch.category]) })
    if (ps.length === 0) return null
    found.push(ps)
  }
  const pc = c.politicalContext
  if (pc !== undefined) {
    const ps: Pointers = []
    ;(f.politicalContext ?? []).forEach((e, i) => {
      if (pc.types.includes(e.type) && e.date !== undefined && e.date >= pc.from && e.date <= pc.to) ps.push([`/politicalContext/${i}`, e])
    })
    if (ps.length === 0) return null
    found.push(ps)
  }
  return found.length === 0 ? null : found.flat()
}

function matchFinding (f: RedNoticeFacts, finding: GroupTortureRisk): Pointers | null {
  const g = finding.group
  if (g.allDetainees === true) return [['/requestingCountry', f.requestingCountry]]
  for (const c of [g, ...(g.anyOf ?? [])]) {
    const hit = matchCondition(f, c)
    if (hit !== null) return hit
  }
  return null
}

const rank = (f: GroupTortureRisk): number => (f.body === 'ecthr' ? 2 : 0) + (f.group.allDetainees === true ? 1 : 0)

/**
 * How the person belongs to a group found at risk in the requesting state: the finding and the
 * pointers read, or null. A court's finding is preferred over a report's, and among a court's, one that
 * covers every detainee (the risk of detention itself) over one that covers a narrower group.
 */
/** A group the person belongs to, and the pointers that show it. */
export interface GroupMember { finding: GroupTortureRisk, pointers: Pointers }

export function groupMembership (f: RedNoticeFacts, rulesetVersion = FIRST_VERSION): GroupMember | null {
  return groupMemberships(f, rulesetVersion)[0] ?? null
}

/** Every group found at risk in the requesting state the person belongs to, the strongest finding first. */
export function groupMemberships (f: RedNoticeFacts, rulesetVersion: string): GroupMember[] {
  const code = f.requestingCountry.toUpperCase()
  const found: GroupMember[] = []
  for (const finding of rankedRead(rulesetVersion).get(code) ?? []) {
    const pointers = matchFinding(f, finding)
    if (pointers !== null) found.push({ finding, pointers })
  }
  return found
}
