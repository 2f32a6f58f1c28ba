/**
 * npm run evaluate [-- --ruleset <version>] [-- --dir <corpus dir>] [-- --holdout | --split main|holdout|holdout2|holdout3|holdout4|holdout5|holdout6|holdout7|holdout8|holdout9|holdout10|holdout11|holdout12|all]
 * Scores eval/corpus/*.json under the current ruleset (and a candidate beside it) and prints the figures
 * of docs/scoring-evaluation.md. By default the first hold-out (eval/corpus/holdout.json, README-holdout.md)
 * and the second to twelfth, blind ones (holdout-2.json to holdout-12.json and their READMEs) are left out;
 * `--holdout` scores only the first, `--split holdout2` / `holdout3` / `holdout4` / `holdout5` / `holdout6` / `holdout7` /
 * `holdout8` / `holdout9` / `holdout10` / `holdout11` / `holdout12` only the second / third / fourth / fifth / sixth / seventh /
 * eighth / ninth / tenth / eleventh / twelfth.
 * Exits 1 if the corpus does not validate.
 */
import { parseArgs } from 'node:util'
import { CURRENT_RULESET, RULESETS, rulesetByVersion, type Ruleset } from '../src/domain/index.ts'
import { evaluate, type EvaluationMetrics } from '../src/domain/evaluation.ts'
import { CORPUS_DIR, corpusProblems, loadCorpus, scoreCase, type CorpusCase, type CorpusSplit } from './lib/corpus.ts'

const { values } = parseArgs({ options: { ruleset: { type: 'string' }, dir: { type: 'string' }, holdout: { type: 'boolean' }, split: { type: 'string' } } })
const SPLITS: readonly CorpusSplit[] = ['main', 'holdout', 'holdout2', 'holdout3', 'holdout4', 'holdout5', 'holdout6', 'holdout7', 'holdout8', 'holdout9', 'holdout10', 'holdout11', 'holdout12', 'all']
const split = (values.holdout === true ? 'holdout' : values.split ?? 'main') as CorpusSplit
if (!SPLITS.includes(split) || (values.holdout === true && values.split !== undefined && values.split !== 'holdout')) {
  console.error(`Unknown or conflicting split; use --holdout or --split ${SPLITS.join('|')}`)
  process.exit(1)
}
const cases = loadCorpus(values.dir ?? CORPUS_DIR, split)
const problems = corpusProblems(cases)
if (problems.length > 0) {
  console.error(`The corpus does not validate (${problems.length} problem(s)):\n${problems.join('\n')}`)
  process.exit(1)
}

function pct (s: { count: number, of: number, share: number | null }): string {
  return `${s.count}/${s.of}${s.share === null ? '' : ` (${(s.share * 100).toFixed(1)}%)`}`
}
const num = (x: number | null): string => x === null ? 'n/a' : x.toFixed(3)

function report (ruleset: Ruleset, corpus: readonly CorpusCase[]): EvaluationMetrics {
  const m = evaluate(corpus.map(c => scoreCase(c, ruleset)))
  const summaries = new Map(corpus.map(c => [c.id, c.summary]))
  console.log(`\n== Ruleset ${ruleset.version} on ${corpus.length} cases ==`)
  console.log(`Red notices: ${m.redNotices.cases}   ROC AUC ${num(m.redNotices.auc)}`)
  console.log(`  abuse at high/critical:       ${pct(m.redNotices.abuseFlagged)}   (target ≥ 90%)`)
  console.log(`  legitimate at high/critical:  ${pct(m.redNotices.legitimateFlagged)}   (target: none)${m.redNotices.legitimateFlaggedIds.length > 0 ? ' — ' + m.redNotices.legitimateFlaggedIds.join(', ') : ''}`)
  console.log(`Assurances: ${m.assurances.cases}   on the right side ${pct(m.assurances.accuracy)}   ROC AUC ${num(m.assurances.auc)}`)
  console.log('Confusion (label × band):')
  console.log(`  ${'label'.padEnd(11)} ${['low', 'elevated', 'high', 'critical'].map(b => b.padStart(9)).join('')}`)
  for (const [label, row] of Object.entries(m.confusion)) {
    console.log(`  ${label.padEnd(11)} ${Object.values(row).map(n => String(n).padStart(9)).join('')}`)
  }
  if (m.misclassified.length > 0) console.log('Misclassified:')
  for (const c of m.misclassified) {
    console.log(`  ${c.id} [${c.label}] ${c.score} ${c.band} — ${summaries.get(c.id)?.slice(0, 110) ?? ''}`)
    for (const t of c.top) console.log(`      ${t.points > 0 ? '+' : ''}${t.points} ${t.indicatorId}`)
  }
  return m
}

console.log(`Corpus: ${cases.length} cases from ${values.dir ?? CORPUS_DIR}${split === 'main' ? '' : ` (split: ${split})`}; rulesets available: ${RULESETS.map(r => r.version).join(', ')}`)
console.log('No weight is fitted to the corpus: every weight is set from its stated source, so no cross-validation applies; npm run evaluate:generalisation checks how each change generalises.')
const current = report(CURRENT_RULESET, cases)
if (values.ruleset !== undefined && values.ruleset !== CURRENT_RULESET.version) {
  const candidate = rulesetByVersion(values.ruleset)
  if (candidate === undefined) {
    console.error(`Unknown ruleset ${values.ruleset}; available: ${RULESETS.map(r => r.version).join(', ')}`)
    process.exit(1)
  }
  const other = report(candidate, cases)
  const d = (a: number | null, b: number | null): string => a === null || b === null ? 'n/a' : `${b - a >= 0 ? '+' : ''}${(b - a).toFixed(3)}`
  console.log(`\n== ${candidate.version} minus ${CURRENT_RULESET.version} ==`)
  console.log(`  ROC AUC (red notices)        ${d(current.redNotices.auc, other.redNotices.auc)}`)
  console.log(`  abuse at high/critical       ${d(current.redNotices.abuseFlagged.share, other.redNotices.abuseFlagged.share)} (${current.redNotices.abuseFlagged.count} → ${other.redNotices.abuseFlagged.count})`)
  console.log(`  legitimate at high/critical  ${current.redNotices.legitimateFlagged.count} → ${other.redNotices.legitimateFlagged.count}`)
  console.log(`  assurances right side        ${current.assurances.accuracy.count} → ${other.assurances.accuracy.count} of ${other.assurances.accuracy.of}`)
  const before = new Set(current.misclassified.map(c => c.id))
  const after = new Set(other.misclassified.map(c => c.id))
  console.log(`  newly right: ${[...before].filter(id => !after.has(id)).join(', ') || 'none'}`)
  console.log(`  newly wrong: ${[...after].filter(id => !before.has(id)).join(', ') || 'none'}`)
}
