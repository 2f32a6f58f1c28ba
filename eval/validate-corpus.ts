/**
 * Checks the shape of the evaluation corpus (eval/corpus/*.json) without the full request schema,
 * which is being extended in parallel: unique ids, valid labels, cited sources, placeholder names
 * only, and the two members every report needs. Run: node --import tsx eval/validate-corpus.ts
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Value } from 'typebox/value'
import { CHARGE_CATEGORIES, EVENT_TYPES, MECHANISMS } from '../src/domain/vocabulary.ts'
import { RedNoticeInputSchema } from '../src/schemas/red-notices.ts'

const CORPUS_DIR = join(import.meta.dirname, 'corpus')
// Values added by the issue #14 contract (SPEC-14); accepted here whether or not the vocabulary has them yet.
const categories = new Set<string>([...CHARGE_CATEGORIES, 'international_crime', 'abuse_of_office'])
const eventTypes = new Set<string>([...EVENT_TYPES, 'conviction', 'co_defendants_convicted'])
const contextTypes = new Set(['change_of_government', 'political_activity_began', 'election', 'protest',
  'public_criticism', 'defection', 'left_office', 'armed_conflict'])
const labelsByKind: Record<string, string[]> = { red_notice: ['abuse', 'legitimate'], assurance: ['unreliable', 'reliable'] }
const PLACEHOLDER = /^Subject [A-Z0-9-]+$/
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/

type Json = Record<string, unknown>
const problems: string[] = []
const seenIds = new Set<string>()

function checkSources (where: string, sources: unknown): void {
  if (!Array.isArray(sources) || sources.length === 0) { problems.push(`${where}: needs at least one source`); return }
  sources.forEach((source: Json, i) => {
    const at = `${where}[${i}]`
    if (typeof source.title !== 'string' || source.title === '') problems.push(`${at}: title missing`)
    if (typeof source.publisher !== 'string' || source.publisher === '') problems.push(`${at}: publisher missing`)
    if (typeof source.date !== 'string' || !DATE.test(source.date)) problems.push(`${at}: date missing or not YYYY[-MM[-DD]]`)
    if (typeof source.url !== 'string' && typeof source.reference !== 'string') problems.push(`${at}: needs a url or a case reference`)
    if (typeof source.url === 'string' && !/^https?:\/\//.test(source.url)) problems.push(`${at}: url is not http(s)`)
  })
}

function checkFacts (where: string, facts: Json, kind: string): void {
  if (kind === 'assurance') return // assurance bodies are checked by the evaluator against their own schema
  if (typeof facts.mechanism !== 'string' || !(MECHANISMS as readonly string[]).includes(facts.mechanism)) problems.push(`${where}.mechanism invalid`)
  if (typeof facts.requestingCountry !== 'string' || !/^[A-Z]{2}$/.test(facts.requestingCountry)) problems.push(`${where}.requestingCountry invalid`)
  const subject = (facts.subject ?? {}) as Json
  if (typeof subject.fullName !== 'string' || !PLACEHOLDER.test(subject.fullName)) problems.push(`${where}.subject.fullName must be a placeholder like "Subject RN-A-001"`)
  for (const identifying of ['aliases', 'dateOfBirth', 'notes']) {
    if (identifying in subject) problems.push(`${where}.subject.${identifying}: identifying member not allowed in the corpus`)
  }
  if ('interpolNoticeId' in facts) problems.push(`${where}.interpolNoticeId: identifying member not allowed in the corpus`)
  for (const [i, charge] of ((facts.charges ?? []) as Json[]).entries()) {
    if (!categories.has(charge.category as string)) problems.push(`${where}.charges[${i}].category "${String(charge.category)}" unknown`)
    if (charge.particulars !== undefined && charge.particulars !== 'specific' && charge.particulars !== 'general') problems.push(`${where}.charges[${i}].particulars invalid`)
    for (const key of ['chargedOn', 'allegedOffenceDate']) {
      if (charge[key] !== undefined && !FULL_DATE.test(charge[key] as string)) problems.push(`${where}.charges[${i}].${key} not YYYY-MM-DD`)
    }
  }
  for (const [i, event] of ((facts.events ?? []) as Json[]).entries()) {
    if (!eventTypes.has(event.type as string)) problems.push(`${where}.events[${i}].type "${String(event.type)}" unknown`)
    if ('note' in event) problems.push(`${where}.events[${i}].note: identifying member not allowed in the corpus`)
    if (event.date !== undefined && !FULL_DATE.test(event.date as string)) problems.push(`${where}.events[${i}].date not YYYY-MM-DD`)
  }
  for (const [i, item] of ((facts.politicalContext ?? []) as Json[]).entries()) {
    if (!contextTypes.has(item.type as string)) problems.push(`${where}.politicalContext[${i}].type "${String(item.type)}" unknown`)
  }
  for (const [i, source] of ((facts.sources ?? []) as Json[]).entries()) {
    if ('reference' in source) problems.push(`${where}.sources[${i}].reference: leave references out of facts (they name the person)`)
  }
  for (const error of Value.Errors(RedNoticeInputSchema, withoutIssue14Additions(facts))) {
    problems.push(`${where}${error.instancePath}: ${error.message}`)
  }
}

/**
 * The body as today's schema knows it: the SPEC-14 members and vocabulary values are taken out (or
 * mapped to `other`), so everything else is still checked by the real request schema while those
 * additions are being merged in parallel.
 */
function withoutIssue14Additions (facts: Json): Json {
  const known = { ...facts }
  delete known.politicalContext
  if (Array.isArray(facts.charges)) {
    known.charges = (facts.charges as Json[]).map(({ chargedOn, particulars, ...charge }) => ({
      ...charge,
      category: (CHARGE_CATEGORIES as readonly string[]).includes(charge.category as string) ? charge.category : 'other'
    }))
  }
  if (Array.isArray(facts.events)) {
    known.events = (facts.events as Json[]).filter(event => (EVENT_TYPES as readonly string[]).includes(event.type as string))
  }
  return known
}

const files = readdirSync(CORPUS_DIR).filter(name => name.endsWith('.json')).sort()
let count = 0
for (const file of files) {
  const cases = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as Json[]
  if (!Array.isArray(cases)) { problems.push(`${file}: not a JSON array`); continue }
  for (const entry of cases) {
    count++
    const id = String(entry.id)
    const where = `${file} ${id}`
    if (seenIds.has(id)) problems.push(`${where}: duplicate id`)
    seenIds.add(id)
    const kind = entry.kind as string
    const labels = labelsByKind[kind]
    if (labels === undefined) problems.push(`${where}: kind "${kind}" unknown`)
    else if (!labels.includes(entry.label as string)) problems.push(`${where}: label "${String(entry.label)}" not valid for ${kind}`)
    if (typeof entry.summary !== 'string' || entry.summary.length < 20) problems.push(`${where}: summary missing`)
    checkSources(`${where} citations`, entry.citations)
    const outcome = (entry.outcome ?? {}) as Json
    if (typeof outcome.summary !== 'string' || outcome.summary === '') problems.push(`${where}: outcome.summary missing`)
    if (typeof outcome.date !== 'string' || !DATE.test(outcome.date)) problems.push(`${where}: outcome.date missing`)
    checkSources(`${where} outcome.sources`, outcome.sources)
    if (typeof entry.facts !== 'object' || entry.facts === null) problems.push(`${where}: facts missing`)
    else checkFacts(`${where} facts`, entry.facts as Json, kind)
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  console.error(`${problems.length} problem(s) in ${count} case(s)`)
  process.exitCode = 1
} else {
  process.stdout.write(`${count} case(s) in ${files.length} file(s): shape OK\n`)
}
