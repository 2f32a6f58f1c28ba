/**
 * npm run evaluate:generalisation [-- --ruleset <version>] [-- --split <split>] [-- --dir <corpus dir>]
 * Checks how a ruleset change generalises, since the corpus figures are in-sample (the rules were written
 * looking at these cases). No weight is fitted, so k-fold re-fitting does not apply. The change checked is the
 * one from the ruleset before `--ruleset` (default: the current ruleset) to it: each indicator it changes taken
 * alone on top of the earlier ruleset, then the whole (for 2026.12.3, the finer steps its section in
 * docs/scoring-evaluation.md reports). On the cases of `--split` (default `main`; `all` adds every hold-out):
 *  - moves: how many cases each change moves across the `high` line in each direction, and how many
 *    scores it raises or lowers per label, with the requesting states of the moved cases;
 *  - leave one group out: the change's effect on AUC and on the flagged counts recomputed with each
 *    requesting state's cases, then each source group's (publisher of the first citation), left out in
 *    turn (worst case shown): a gain that vanishes when one group is left out is keyed to it, not a method;
 *  - AUC among cases from states rated Partly Free or Not Free only, where country priors cannot
 *    separate the labels (the held-out misses were mostly there);
 *  - fact dropout: every optional fact a partner may not know at first report dropped with probability
 *    0.3, 30 seeded draws, mean figures: how the ruleset degrades on sparser reports;
 *  - one-fact margin: flagged abuse cases that removing a single optional fact takes below `high`.
 */
import { parseArgs } from 'node:util'
import { CURRENT_RULESET, defaultCountryContext, RULESETS, rulesetByVersion, type Ruleset } from '../src/domain/index.ts'
import { flagged, rocAuc, type ScoredCase } from '../src/domain/evaluation.ts'
import { RULESET_2026_12_2 } from '../src/domain/rulesets/v2026-12-2.ts'
import { RULESET_2026_12_3 } from '../src/domain/rulesets/v2026-12-3.ts'
import type { Rule } from '../src/domain/engine.ts'
import { chargesFollowPoliticalEventWith, statusContextTimingWith, type TurnTest } from '../src/domain/rules-2026-12.ts'
import { TURNS_2026_12_2 } from '../src/domain/rules-2026-12-2.ts'
import { TURNS_2026_12_3 } from '../src/domain/rules-2026-12-3.ts'
import type { RedNoticeFacts, ScoringContext } from '../src/domain/types.ts'
import { changedIndicators, withOnly } from './lib/ruleset-steps.ts'
import { CORPUS_DIR, corpusProblems, loadCorpus, scoreCase, type CorpusCase, type CorpusSplit } from './lib/corpus.ts'

const { values } = parseArgs({ options: { dir: { type: 'string' }, ruleset: { type: 'string' }, split: { type: 'string' } } })
const NEXT = rulesetByVersion(values.ruleset ?? CURRENT_RULESET.version)
const BASE = NEXT === undefined ? undefined : RULESETS[RULESETS.indexOf(NEXT) - 1]
if (NEXT === undefined || BASE === undefined) {
  console.error(`--ruleset must name a ruleset with one before it: ${RULESETS.slice(1).map(r => r.version).join(', ')}`)
  process.exit(1)
}
const all = loadCorpus(values.dir ?? CORPUS_DIR, (values.split ?? 'main') as CorpusSplit)
const problems = corpusProblems(all)
if (problems.length > 0) { console.error(problems.join('\n')); process.exit(1) }
const cases = all.filter(c => c.kind === 'red_notice')
const country = (c: CorpusCase): string => (c.facts as { requestingCountry: string }).requestingCountry

// 2026.12.3's finer steps on 2026.12.2 (docs/scoring-evaluation.md, "How 2026.12.3 generalises").
const CHANGES_2026_12_3: Array<[string, string[]]> = [
  ['(a) group-established torture risk', ['torture-risk-targeted-person']],
  ['(b)+(c) timing counted once, left office without independent courts', ['status-context-timing', 'charges-follow-political-event']]
]
/** The three timing changes of 2026.12.3 one at a time, built from the same rule factories as 2026.12.3. */
function timingVariant (name: string, cap: boolean, turns: 'v2' | 'v3'): Ruleset {
  const t = (ctx: ScoringContext): TurnTest => turns === 'v2' ? TURNS_2026_12_2 : TURNS_2026_12_3(ctx)
  const sct: Rule<RedNoticeFacts, ScoringContext> = (f, ctx) => {
    const found = statusContextTimingWith(t(ctx), true)(f, ctx)
    return found === null || !cap ? found : { ...found, points: Math.min(found.points ?? 25, 15) }
  }
  const cfe: Rule<RedNoticeFacts, ScoringContext> = (f, ctx) => chargesFollowPoliticalEventWith(t(ctx), true)(f, ctx)
  const catalogue = RULESET_2026_12_2.redNotice.catalogue.map(i => i.id === 'status-context-timing' && cap ? (RULESET_2026_12_3.redNotice.catalogue.find(n => n.id === i.id) ?? i) : i)
  return { ...RULESET_2026_12_2, version: name, redNotice: { catalogue, rules: { ...RULESET_2026_12_2.redNotice.rules, 'status-context-timing': sct, 'charges-follow-political-event': cfe } } }
}
const steps2026123 = (): Array<[string, Ruleset]> => {
  const step = (name: string, ids: string[]): [string, Ruleset] => [name, withOnly(ids, RULESET_2026_12_2, RULESET_2026_12_3, name)]
  return [
    ...CHANGES_2026_12_3.slice(0, 1).map(([name, ids]) => step(name, ids)),
    ['(b) timing counted once', timingVariant('b', true, 'v2')],
    ['(c) left office a turn where courts give no independent check', timingVariant('c', false, 'v3')],
    step('(d) detailed security charges where courts are not independent', ['targeted-person-repressive-state']),
    ...CHANGES_2026_12_3.slice(1).map(([name, ids]) => step(name, ids)),
    [RULESET_2026_12_3.version, RULESET_2026_12_3]
  ]
}
const steps: Array<[string, Ruleset]> = NEXT === RULESET_2026_12_3
  ? steps2026123()
  : [...changedIndicators(BASE, NEXT).map(id => [`${id} alone`, withOnly([id], BASE, NEXT, id)] as [string, Ruleset]), [NEXT.version, NEXT]]

const scoreAll = (rs: Ruleset, cs: readonly CorpusCase[]): ScoredCase[] => cs.map(c => scoreCase(c, rs))
const baseScores = new Map(scoreAll(BASE, cases).map(s => [s.id, s]))
const auc = (ss: readonly ScoredCase[]): number => rocAuc(ss.map(s => ({ score: s.score, positive: s.label === 'abuse' }))) ?? NaN
const count = (ss: readonly ScoredCase[], label: string): number => ss.filter(s => s.label === label && flagged(s.band)).length
const f3 = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3))
const sign = (x: number, d = 3): string => `${x >= 0 ? '+' : ''}${x.toFixed(d)}`

console.log(`${cases.length} red-notice cases (split ${values.split ?? 'main'}); ${NEXT.version} against ${BASE.version}. Nothing is fitted: these checks show whether each change's effect depends on a few cases or states.\n`)
console.log('== Moves (against the base) ==')
for (const [name, rs] of steps) {
  const after = scoreAll(rs, cases)
  const moved = { abuseUp: [] as string[], abuseDown: [] as string[], legitUp: [] as string[], legitDown: [] as string[] }
  const raised = { abuse: 0, legitimate: 0 }
  const lowered = { abuse: 0, legitimate: 0 }
  const states = new Map<string, number>()
  for (const s of after) {
    const b = baseScores.get(s.id)
    if (b === undefined || b.score === s.score) continue
    const c = cases.find(x => x.id === s.id) as CorpusCase
    states.set(country(c), (states.get(country(c)) ?? 0) + 1)
    const key = s.label as 'abuse' | 'legitimate'
    if (s.score > b.score) raised[key]++; else lowered[key]++
    if (flagged(s.band) !== flagged(b.band)) {
      const up = flagged(s.band)
      const tag = `${s.id} (${country(c)} ${b.score}→${s.score})`
      if (key === 'abuse') (up ? moved.abuseUp : moved.abuseDown).push(tag); else (up ? moved.legitUp : moved.legitDown).push(tag)
    }
  }
  console.log(`${name}`)
  console.log(`  scores raised: ${raised.abuse} abuse, ${raised.legitimate} legitimate; lowered: ${lowered.abuse} abuse, ${lowered.legitimate} legitimate`)
  console.log(`  requesting states of changed scores: ${[...states].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`)
  console.log(`  abuse up to high: ${moved.abuseUp.join(', ') || 'none'}; abuse down from high: ${moved.abuseDown.join(', ') || 'none'}`)
  console.log(`  legitimate up to high: ${moved.legitUp.join(', ') || 'none'}; legitimate down from high: ${moved.legitDown.join(', ') || 'none'}`)
}

/** A case's source group: the kind of publisher of its first citation. */
const SOURCE_GROUPS: Array<[string, RegExp]> = [
  ['European Court of Human Rights', /European Court of Human Rights|ECtHR/i],
  ['INTERPOL and its Commission (CCF)', /INTERPOL|Commission for the Control/i],
  ['UN bodies', /United Nations|UN |Committee against Torture|UNHCR/i],
  ['other courts and governments', /Court|Tribunal|Justice|Department|Ministry|Government|Prosecut/i],
  ['NGOs (Fair Trials, HRW, Amnesty, Freedom House and others)', /Fair Trials|Human Rights Watch|Amnesty|Freedom House|Memorial|Helsinki|Exeter|Foundation|Watch|Institute|Centre|Center/i]
]
const publisher = (c: CorpusCase): string => {
  const p = c.citations[0]?.publisher ?? ''
  return SOURCE_GROUPS.find(([, re]) => re.test(p))?.[0] ?? 'media and others'
}
function leaveOneOut (title: string, groupOf: (c: CorpusCase) => string): void {
  console.log(`\n== Leave one ${title} out (change minus base, worst and best over the groups left out) ==`)
  const groups = [...new Set(cases.map(groupOf))].sort()
  for (const [name, rs] of steps) {
    const after = new Map(scoreAll(rs, cases).map(s => [s.id, s]))
    const deltas = groups.map(g => {
      const kept = cases.filter(c => groupOf(c) !== g)
      const b = kept.map(c => baseScores.get(c.id) as ScoredCase)
      const a = kept.map(c => after.get(c.id) as ScoredCase)
      return { g, auc: auc(a) - auc(b), abuse: count(a, 'abuse') - count(b, 'abuse'), legit: count(a, 'legitimate') - count(b, 'legitimate') }
    })
    const worst = deltas.reduce((w, d) => d.auc < w.auc ? d : w)
    const fewest = deltas.reduce((w, d) => d.abuse - d.legit < w.abuse - w.legit ? d : w)
    console.log(`${name}\n  AUC change: worst ${sign(worst.auc)} (without ${worst.g}), best ${sign(Math.max(...deltas.map(d => d.auc)))}; net flagged gain (abuse − legitimate): worst ${fewest.abuse - fewest.legit} (without ${fewest.g})`)
  }
}
leaveOneOut('requesting state', country)
leaveOneOut('source group (kind of publisher of the first citation)', publisher)

console.log('\n== AUC among requesting states rated Partly Free or Not Free only ==')
const notFree = cases.filter(c => ['PF', 'NF'].includes(defaultCountryContext(country(c))?.freedomStatus ?? ''))
const nAbuse = notFree.filter(c => c.label === 'abuse').length
console.log(`${notFree.length} cases (${nAbuse} abuse, ${notFree.length - nAbuse} legitimate)`)
for (const [name, rs] of [[BASE.version, BASE] as [string, Ruleset], ...steps]) {
  const ss = scoreAll(rs, notFree)
  console.log(`  ${name.padEnd(66)} AUC ${f3(auc(ss))}  abuse flagged ${count(ss, 'abuse')}/${nAbuse}  legitimate flagged ${count(ss, 'legitimate')}/${notFree.length - nAbuse}`)
}

// Deterministic PRNG so that the dropout figures are reproducible.
function mulberry32 (seed: number): () => number {
  let a = seed
  return () => { a |= 0; a = a + 0x6D2B79F5 | 0; let t = Math.imul(a ^ a >>> 15, 1 | a); t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296 }
}
type Facts = Record<string, unknown> & { subject: Record<string, unknown>, charges?: Array<Record<string, unknown>>, events?: unknown[], politicalContext?: unknown[] }
function sparser (c: CorpusCase, rnd: () => number, p: number): CorpusCase {
  const f = structuredClone(c.facts) as Facts
  const drop = (): boolean => rnd() < p
  for (const k of ['issuedOn']) if (drop()) Reflect.deleteProperty(f, k)
  for (const k of ['ethnicity', 'religion', 'leftRequestingCountryOn', 'priorIllTreatmentInRequestingCountry', 'relativesPressured']) if (drop()) Reflect.deleteProperty(f.subject, k)
  if (Array.isArray(f.subject.profiles)) f.subject.profiles = (f.subject.profiles as unknown[]).filter(() => !drop())
  for (const ch of f.charges ?? []) for (const k of ['particulars', 'chargedOn', 'allegedOffenceDate', 'legalProvision']) if (drop()) Reflect.deleteProperty(ch, k)
  if (Array.isArray(f.events)) f.events = f.events.filter(() => !drop())
  if (Array.isArray(f.politicalContext)) f.politicalContext = f.politicalContext.filter(() => !drop())
  return { ...c, facts: f }
}
console.log('\n== Fact dropout (each optional fact dropped with probability 0.3; mean of 30 seeded draws) ==')
for (const [name, rs] of [[BASE.version, BASE] as [string, Ruleset], ...steps]) {
  let a = 0; let ab = 0; let lg = 0
  const draws = 30
  for (let seed = 1; seed <= draws; seed++) {
    const rnd = mulberry32(seed)
    const ss = cases.map(c => scoreCase(sparser(c, rnd, 0.3), rs))
    a += auc(ss); ab += count(ss, 'abuse'); lg += count(ss, 'legitimate')
  }
  console.log(`  ${name.padEnd(66)} AUC ${f3(a / draws)}  abuse flagged ${(ab / draws).toFixed(1)}  legitimate flagged ${(lg / draws).toFixed(1)}`)
}

/** Every way of removing one optional fact from a case. */
function singleRemovals (c: CorpusCase): CorpusCase[] {
  const base = c.facts as Facts
  const out: Facts[] = []
  const edit = (g: (f: Facts) => void): void => { const f = structuredClone(base); g(f); out.push(f) }
  for (const k of ['issuedOn']) if (k in base) edit(f => { Reflect.deleteProperty(f, k) })
  for (const k of ['ethnicity', 'religion', 'leftRequestingCountryOn', 'priorIllTreatmentInRequestingCountry', 'relativesPressured', 'asylum']) {
    if (k in base.subject) edit(f => { Reflect.deleteProperty(f.subject, k) })
  }
  ;(base.subject.profiles as unknown[] | undefined)?.forEach((_p, i) => edit(f => { (f.subject.profiles as unknown[]).splice(i, 1) }))
  base.charges?.forEach((ch, i) => { for (const k of ['particulars', 'chargedOn']) if (k in ch) edit(f => { Reflect.deleteProperty(f.charges?.[i] as object, k) }) })
  base.events?.forEach((_e, i) => edit(f => { f.events?.splice(i, 1) }))
  base.politicalContext?.forEach((_e, i) => edit(f => { f.politicalContext?.splice(i, 1) }))
  return out.map(facts => ({ ...c, facts }))
}
console.log('\n== One-fact margin: flagged abuse cases that one removed optional fact would take below `high` ==')
for (const [name, rs] of [[BASE.version, BASE] as [string, Ruleset], ...steps]) {
  const flaggedAbuse = cases.filter(c => c.label === 'abuse' && flagged(scoreCase(c, rs).band))
  const fragile = flaggedAbuse.filter(c => singleRemovals(c).some(v => !flagged(scoreCase(v, rs).band)))
  console.log(`  ${name.padEnd(66)} ${fragile.length} of ${flaggedAbuse.length} flagged abuse cases hinge on one fact`)
}
