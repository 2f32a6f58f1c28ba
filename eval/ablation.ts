/**
 * npm run evaluate:ablation [-- --dir <corpus dir>]
 * Figures of 2026.11.1, of 2026.11.1 plus each class of change of 2026.12.1 alone, and of 2026.12.1:
 * the before/after figures per rule change in docs/scoring-evaluation.md.
 */
import { parseArgs } from 'node:util'
import type { Ruleset } from '../src/domain/index.ts'
import { evaluate } from '../src/domain/evaluation.ts'
import { RULESET_2026_11_1 } from '../src/domain/rulesets/v2026-11-1.ts'
import { RULESET_2026_12_1 } from '../src/domain/rulesets/v2026-12-1.ts'
import { CORPUS_DIR, corpusProblems, loadCorpus, scoreCase } from './lib/corpus.ts'

const CLASSES: Record<string, string[]> = {
  '(1) status × context × timing': ['status-context-timing', 'charges-follow-political-event'],
  '(2) transnational repression, torture risk': ['targeted-person-repressive-state', 'torture-risk-targeted-person'],
  '(3) mitigations': ['vague-security-charge', 'specific-checkable-charges', 'conviction-after-attended-trial', 'co-defendants-convicted-independently', 'requesting-state-judicial-oversight'],
  '(4) refugee status vs international crimes': ['refugee-or-asylum-seeker', 'protection-by-another-state', 'specific-international-crime'],
  '(5) Othman combination': ['assurance-othman-combination']
}

/** 2026.11.1 with only the given indicators taken from 2026.12.1 (changed rules replaced, new ones appended). */
function withOnly (ids: readonly string[]): Ruleset {
  const pick = <T extends { catalogue: Ruleset['redNotice']['catalogue'], rules: Record<string, unknown> }>(base: T, next: T): T => {
    const catalogue = [
      ...base.catalogue.map(i => ids.includes(i.id) ? (next.catalogue.find(n => n.id === i.id) ?? i) : i),
      ...next.catalogue.filter(n => ids.includes(n.id) && !base.catalogue.some(b => b.id === n.id))
    ]
    const rules = Object.fromEntries(catalogue.map(i => [i.id, ids.includes(i.id) ? next.rules[i.id] : base.rules[i.id]]))
    return { ...base, catalogue, rules }
  }
  return {
    ...RULESET_2026_11_1,
    version: `2026.11.1+${ids.join(',')}`,
    redNotice: pick(RULESET_2026_11_1.redNotice, RULESET_2026_12_1.redNotice),
    assurance: pick(RULESET_2026_11_1.assurance, RULESET_2026_12_1.assurance)
  }
}

const { values } = parseArgs({ options: { dir: { type: 'string' } } })
const cases = loadCorpus(values.dir ?? CORPUS_DIR)
const problems = corpusProblems(cases)
if (problems.length > 0) { console.error(problems.join('\n')); process.exit(1) }

const rows: Array<[string, Ruleset]> = [
  ['2026.11.1', RULESET_2026_11_1],
  ...Object.entries(CLASSES).map(([name, ids]) => [`2026.11.1 + ${name}`, withOnly(ids)] as [string, Ruleset]),
  ['2026.12.1', RULESET_2026_12_1]
]
const pct = (s: { count: number, of: number }): string => `${s.count}/${s.of}`
console.log(`${cases.length} cases`)
console.log(`${'ruleset'.padEnd(58)} ${'AUC'.padStart(6)} ${'abuse≥high'.padStart(11)} ${'legit≥high'.padStart(11)} ${'assur. ok'.padStart(10)}`)
for (const [name, ruleset] of rows) {
  const m = evaluate(cases.map(c => scoreCase(c, ruleset)))
  console.log(`${name.padEnd(58)} ${(m.redNotices.auc ?? NaN).toFixed(3).padStart(6)} ${pct(m.redNotices.abuseFlagged).padStart(11)} ${pct(m.redNotices.legitimateFlagged).padStart(11)} ${pct(m.assurances.accuracy).padStart(10)}`)
}
