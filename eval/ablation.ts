/**
 * npm run evaluate:ablation [-- --dir <corpus dir>]
 * Figures of 2026.11.1, of 2026.11.1 plus each class of change of 2026.12.1 alone, of 2026.12.1, of
 * 2026.12.1 plus each change of 2026.12.2 alone, of 2026.12.2, of 2026.12.2 plus each assurance change of
 * 2026.12.3 alone, and of 2026.12.3: the before/after figures per rule change in docs/scoring-evaluation.md.
 */
import { parseArgs } from 'node:util'
import type { Ruleset } from '../src/domain/index.ts'
import { evaluate } from '../src/domain/evaluation.ts'
import { RULESET_2026_11_1 } from '../src/domain/rulesets/v2026-11-1.ts'
import { RULESET_2026_12_1 } from '../src/domain/rulesets/v2026-12-1.ts'
import { RULESET_2026_12_2 } from '../src/domain/rulesets/v2026-12-2.ts'
import { RULESET_2026_12_3 } from '../src/domain/rulesets/v2026-12-3.ts'
import { CORPUS_DIR, corpusProblems, loadCorpus, scoreCase } from './lib/corpus.ts'

const CLASSES: Record<string, string[]> = {
  '(1) status × context × timing': ['status-context-timing', 'charges-follow-political-event'],
  '(2) transnational repression, torture risk': ['targeted-person-repressive-state', 'torture-risk-targeted-person'],
  '(3) mitigations': ['vague-security-charge', 'specific-checkable-charges', 'conviction-after-attended-trial', 'co-defendants-convicted-independently', 'requesting-state-judicial-oversight'],
  '(4) refugee status vs international crimes': ['refugee-or-asylum-seeker', 'protection-by-another-state', 'specific-international-crime'],
  '(5) Othman combination': ['assurance-othman-combination']
}

const CHANGES_2026_12_2: Record<string, string[]> = {
  '(a) Othman factors combine': ['assurance-othman-combination'],
  '(b) judiciary-weighted mitigations': ['specific-checkable-charges', 'conviction-after-attended-trial'],
  "(a') UN CAT / ECtHR torture findings": ['torture-risk-targeted-person'],
  '(c) leaving office only for opponents': ['status-context-timing', 'charges-follow-political-event'],
  '(c) asylum refused by a Free state': ['asylum-refused-by-free-state']
}

const CHANGES_2026_12_3: Record<string, string[]> = {
  '(a) not shown is not credited': ['assurance-terms-undisclosed', 'assurance-not-specific', 'assurance-giver-lacks-authority', 'assurance-no-monitoring'],
  '(b) combination graded by giving state': ['assurance-othman-combination'],
  "(a') torture findings for assurances": ['assurance-systematic-torture'],
  '(c) torture not covered': ['assurance-torture-not-covered']
}

/** `base` with only the given indicators taken from `next` (changed rules replaced, new ones appended). */
function withOnly (ids: readonly string[], base: Ruleset = RULESET_2026_11_1, next: Ruleset = RULESET_2026_12_1): Ruleset {
  const pick = <T extends { catalogue: Ruleset['redNotice']['catalogue'], rules: Record<string, unknown> }>(base: T, next: T): T => {
    const catalogue = [
      ...base.catalogue.map(i => ids.includes(i.id) ? (next.catalogue.find(n => n.id === i.id) ?? i) : i),
      ...next.catalogue.filter(n => ids.includes(n.id) && !base.catalogue.some(b => b.id === n.id))
    ]
    const rules = Object.fromEntries(catalogue.map(i => [i.id, ids.includes(i.id) ? next.rules[i.id] : base.rules[i.id]]))
    return { ...base, catalogue, rules }
  }
  return {
    ...base,
    version: `${base.version}+${ids.join(',')}`,
    redNotice: pick(base.redNotice, next.redNotice),
    assurance: pick(base.assurance, next.assurance)
  }
}

const { values } = parseArgs({ options: { dir: { type: 'string' } } })
const cases = loadCorpus(values.dir ?? CORPUS_DIR)
const problems = corpusProblems(cases)
if (problems.length > 0) { console.error(problems.join('\n')); process.exit(1) }

const rows: Array<[string, Ruleset]> = [
  ['2026.11.1', RULESET_2026_11_1],
  ...Object.entries(CLASSES).map(([name, ids]) => [`2026.11.1 + ${name}`, withOnly(ids)] as [string, Ruleset]),
  ['2026.12.1', RULESET_2026_12_1],
  ...Object.entries(CHANGES_2026_12_2).map(([name, ids]) => [`2026.12.1 + ${name}`, withOnly(ids, RULESET_2026_12_1, RULESET_2026_12_2)] as [string, Ruleset]),
  ['2026.12.2', RULESET_2026_12_2],
  ...Object.entries(CHANGES_2026_12_3).map(([name, ids]) => [`2026.12.2 + ${name}`, withOnly(ids, RULESET_2026_12_2, RULESET_2026_12_3)] as [string, Ruleset]),
  ['2026.12.3', RULESET_2026_12_3]
]
const pct = (s: { count: number, of: number }): string => `${s.count}/${s.of}`
console.log(`${cases.length} cases`)
console.log(`${'ruleset'.padEnd(58)} ${'AUC'.padStart(6)} ${'abuse≥high'.padStart(11)} ${'legit≥high'.padStart(11)} ${'assur. ok'.padStart(10)} ${'assur. AUC'.padStart(10)}`)
for (const [name, ruleset] of rows) {
  const m = evaluate(cases.map(c => scoreCase(c, ruleset)))
  console.log(`${name.padEnd(58)} ${(m.redNotices.auc ?? NaN).toFixed(3).padStart(6)} ${pct(m.redNotices.abuseFlagged).padStart(11)} ${pct(m.redNotices.legitimateFlagged).padStart(11)} ${pct(m.assurances.accuracy).padStart(10)} ${(m.assurances.auc ?? NaN).toFixed(3).padStart(10)}`)
}

// The corpus records most first-report fields of its assurances; partners often know only who gave the
// assurance to whom. The same assurances with every other field removed show how a ruleset treats silence.
const KEPT = ['givingState', 'receivingState', 'givenOn', 'redNoticeId']
const bare = cases.filter(c => c.kind === 'assurance')
  .map(c => ({ ...c, facts: Object.fromEntries(Object.entries(c.facts as Record<string, unknown>).filter(([k]) => KEPT.includes(k))) }))
console.log(`\n${bare.length} assurances with only ${KEPT.join(', ')} kept`)
console.log(`${'ruleset'.padEnd(58)} ${'unreliable≥high'.padStart(16)} ${'reliable≥high'.padStart(14)} ${'scores'.padStart(8)}`)
for (const [name, ruleset] of [['2026.12.2', RULESET_2026_12_2], ['2026.12.3', RULESET_2026_12_3]] as Array<[string, Ruleset]>) {
  const scored = bare.map(c => scoreCase(c, ruleset))
  const flagged = (label: string): string => {
    const of = scored.filter(s => s.label === label)
    return `${of.filter(s => s.band === 'high' || s.band === 'critical').length}/${of.length}`
  }
  const all = scored.map(s => s.score)
  console.log(`${name.padEnd(58)} ${flagged('unreliable').padStart(16)} ${flagged('reliable').padStart(14)} ${`${Math.min(...all)}–${Math.max(...all)}`.padStart(8)}`)
}
