import data from './group-torture-risk.data.json' with { type: 'json' }
import type { ChargeCategory, CountryCode, RedNoticeFacts, SourceRef } from './types.ts'

/**
 * Groups the European Court of Human Rights has found, as a group, at real risk of ill-treatment on
 * return to a state: then membership of the group establishes the risk for the person, whatever the
 * charge (Saadi v. Italy, § 132). Reference data (pure, no I/O), read by ruleset 2026.12.3 and later.
 */
export interface GroupTortureRisk {
  code: CountryCode
  group: { allDetainees?: boolean, ethnicity?: string[], chargeCategories?: ChargeCategory[] }
  /** Who the group is, as a phrase fit to quote. */
  groupText: string
  /** What was found, as a clause fit to quote. */
  finding: string
  sources: SourceRef[]
}

type RawSource = Omit<SourceRef, 'citation'>
interface DataFile {
  principle: RawSource[]
  states: Array<Omit<GroupTortureRisk, 'sources'> & { sources: RawSource[] }>
}

const withCitation = (s: RawSource): SourceRef =>
  Object.freeze({ citation: `${s.publisher ?? ''}, ${s.title ?? ''} (${s.date ?? ''}), ${s.reference ?? ''}`, ...s })

const file = data as DataFile
const FINDINGS: readonly GroupTortureRisk[] = Object.freeze(file.states.map(s => Object.freeze({ ...s, sources: s.sources.map(withCitation) })))

/** Saadi § 132 and NA. § 116: the principle that group membership is enough. */
export const GROUP_RISK_PRINCIPLE: readonly SourceRef[] = Object.freeze(file.principle.map(withCitation))
export const GROUP_TORTURE_RISK_SOURCES: readonly SourceRef[] = FINDINGS.flatMap(f => f.sources)

/** How the person belongs to the group: the pointers read, or null if they do not. */
export function groupMembership (f: RedNoticeFacts): { finding: GroupTortureRisk, pointers: Array<[string, unknown]> } | null {
  const finding = FINDINGS.find(x => x.code === f.requestingCountry.toUpperCase())
  if (finding === undefined) return null
  const g = finding.group
  if (g.allDetainees === true) return { finding, pointers: [['/requestingCountry', f.requestingCountry]] }
  const pointers: Array<[string, unknown]> = []
  const e = f.subject.ethnicity?.toLowerCase()
  if (e !== undefined && g.ethnicity?.some(x => e.includes(x)) === true) pointers.push(['/subject/ethnicity', f.subject.ethnicity])
  f.charges.forEach((ch, i) => { if (g.chargeCategories?.includes(ch.category) === true) pointers.push([`/charges/${i}/category`, ch.category]) })
  return pointers.length === 0 ? null : { finding, pointers }
}
