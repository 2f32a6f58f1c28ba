import type { CountryContext, FreedomStatus, SourceRef } from '../../domain/types.ts'
import { FH_NAME_TO_ISO } from './iso-names.ts'
import {
  ABUSE_RECORD, CAT_NON_PARTIES, CAT_PARTIES, CAT_VERIFIED_SOURCE, COE_MEMBERS, COE_SOURCE, DOMAIN_TABLE,
  DOMAIN_TABLE_SOURCE, MAINTAINER_SOURCE, OPCAT_NON_PARTIES, OPCAT_PARTIES, OPCAT_VERIFIED_SOURCE, SPECIAL
} from './treaties.ts'

export interface FhRow {
  country: string
  status: FreedomStatus
  totalScore: number
  edition: number
  dataYear: number
}

// The CSV beside this file is Freedom House's aggregate scores (FIW 2003-2023 workbook), see README.md here.
const FH_SOURCE: SourceRef = {
  citation: 'Freedom House, Freedom in the World 2023 (data year 2022)',
  title: 'Freedom in the World 2023',
  publisher: 'Freedom House',
  date: '2023-03',
  url: 'https://freedomhouse.org/report/freedom-world'
}

/** Minimal RFC 4180 reader: the FH file has no embedded newlines, but names could be quoted. */
export function parseCsvLine (line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted && ch === '"' && line[i + 1] === '"') { cur += '"'; i++ } else if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) { out.push(cur); cur = '' } else cur += ch
  }
  out.push(cur)
  return out
}

export function parseFreedomHouseCsv (text: string): FhRow[] {
  const lines = text.split(/\r?\n/).filter(l => l.trim() !== '')
  const header = parseCsvLine(lines[0] ?? '')
  const col = (name: string): number => {
    const i = header.indexOf(name)
    if (i < 0) throw new Error(`Freedom House CSV: missing column ${name}`)
    return i
  }
  const idx = { country: col('country'), status: col('status'), score: col('total_score'), edition: col('fiw_edition'), year: col('data_year') }
  return lines.slice(1).map((line, n) => {
    const f = parseCsvLine(line)
    const status = f[idx.status]
    if (status !== 'F' && status !== 'PF' && status !== 'NF') throw new Error(`Freedom House CSV line ${n + 2}: bad status ${String(status)}`)
    return {
      country: (f[idx.country] ?? '').trim(),
      status,
      totalScore: Number(f[idx.score]),
      edition: Number(f[idx.edition]),
      dataYear: Number(f[idx.year])
    }
  })
}

function treatyStatus (code: string): Pick<CountryContext, 'catParty' | 'opcatParty'> & { notes: string[], sources: SourceRef[] } {
  const table = DOMAIN_TABLE[code]
  if (table !== undefined) {
    const sources: SourceRef[] = []
    if (table.catVerified) sources.push(CAT_VERIFIED_SOURCE)
    if (table.opcatVerified) sources.push(OPCAT_VERIFIED_SOURCE)
    if (!table.catVerified || !table.opcatVerified) sources.push(DOMAIN_TABLE_SOURCE)
    const mark = (v: boolean): string => v ? ' (✓ confirmed)' : ' (from memory, unverified)'
    return {
      catParty: table.cat,
      opcatParty: table.opcat,
      notes: [`CAT: ${table.catText}${mark(table.catVerified)}. OPCAT: ${table.opcatText}${mark(table.opcatVerified)}.`],
      sources
    }
  }
  if (code === 'HK') return { catParty: true, opcatParty: false, notes: [], sources: [MAINTAINER_SOURCE] }
  const catParty = CAT_PARTIES.includes(code) ? true : CAT_NON_PARTIES.includes(code) ? false : null
  const opcatParty = catParty === false || OPCAT_NON_PARTIES.includes(code) ? false : OPCAT_PARTIES.includes(code) ? true : null
  const known = catParty !== null || opcatParty !== null
  const unknown = [catParty === null ? 'CAT' : null, opcatParty === null ? 'OPCAT' : null].filter(x => x !== null)
  return {
    catParty,
    opcatParty,
    notes: unknown.length > 0 ? [`${unknown.join(' and ')} status not established in the default data (null); set it through PUT /v1/countries/${code}.`] : [],
    sources: known ? [MAINTAINER_SOURCE] : []
  }
}

export interface BuildResult {
  countries: CountryContext[]
  skipped: string[]
}

export function buildCountryReference (rows: readonly FhRow[]): BuildResult {
  const countries: CountryContext[] = []
  const skipped: string[] = []
  for (const r of rows) {
    if (!(r.country in FH_NAME_TO_ISO)) throw new Error(`No ISO mapping decision for Freedom House name "${r.country}": add it to iso-names.ts`)
    const code = FH_NAME_TO_ISO[r.country]
    if (code === null || code === undefined) { skipped.push(r.country); continue }
    const special = SPECIAL[code]
    const treaty = treatyStatus(code)
    const abuse = ABUSE_RECORD[code]
    const coe = COE_MEMBERS.includes(code)
    const notes = [
      `Freedom House FIW ${r.edition} (data year ${r.dataYear}): ${r.status}, ${r.totalScore}/100.`,
      ...treaty.notes,
      ...(abuse === undefined ? [] : ['NCB named among abusers of Interpol channels (published sources on Interpol abuse).']),
      ...(special?.notes ?? [])
    ]
    const sources = [FH_SOURCE, ...(coe ? [COE_SOURCE] : []), ...treaty.sources, ...(abuse ?? []), ...(special?.sources ?? [])]
    countries.push({
      code,
      name: r.country,
      echrParty: coe,
      echrLeftOn: special?.echrLeftOn ?? null,
      catParty: treaty.catParty,
      opcatParty: treaty.opcatParty,
      freedomScore: r.totalScore,
      freedomStatus: r.status,
      freedomYear: r.dataYear,
      freedomEdition: r.edition,
      interpolRestrictions: special?.interpolRestrictions ?? null,
      // Only states with a cited finding; null elsewhere means "not assessed", not "no".
      systematicTorture: special?.systematicTorture ?? null,
      abuseRecord: abuse !== undefined,
      notes,
      sources: dedupe(sources)
    })
  }
  countries.sort((a, b) => a.code.localeCompare(b.code))
  const codes = new Set(countries.map(c => c.code))
  if (codes.size !== countries.length) throw new Error('Two Freedom House rows map to the same ISO code')
  const missingCoe = COE_MEMBERS.filter(c => !codes.has(c))
  if (COE_MEMBERS.length !== 46 || missingCoe.length > 0) throw new Error(`Council of Europe list inconsistent: ${missingCoe.join(',')}`)
  return { countries, skipped }
}

function dedupe (sources: SourceRef[]): SourceRef[] {
  const seen = new Set<string>()
  return sources.filter(s => !seen.has(s.citation) && seen.add(s.citation) !== undefined)
}
