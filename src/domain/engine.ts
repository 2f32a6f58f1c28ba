import { citationOf, evidenceInWords, factInWords, isPublishable } from './evidence-words.ts'
import type { Indicator } from './indicator-types.ts'
import { bandFor, SCORE_CAP, type BandLimits } from './bands.ts'
import type { CompactScoreResult, Contribution, ScoreResult, StoredContribution } from './types.ts'

/** What a rule found: the evidence, a sentence stating the facts, and the tier reached if graded. */
export interface RuleHit {
  evidence: string[]
  fact: string
  /** Tier points, at most the indicator's weight; defaults to the weight. */
  points?: number
}

/**
 * A rule is a pure function of the facts and context. It must only ever gain evidence when facts are
 * added (any-of conditions, highest tier reached), which is what makes the score monotone.
 */
export type Rule<F, C> = (facts: F, ctx: C) => RuleHit | null

export function clampScore (rawTotal: number): number {
  return Math.min(SCORE_CAP, Math.max(0, Math.round(rawTotal)))
}

/** What a score needs to know about the ruleset it is computed under. */
export interface ScaleOf { version: string, bandLimits: BandLimits }

// Only verified sources with a link or an official reference are quoted; the others stay in the
// catalogue for maintainers.
const citations = new WeakMap<Indicator, string>()
function citationList (indicator: Indicator): string {
  let text = citations.get(indicator)
  if (text === undefined) {
    text = indicator.sources.filter(isPublishable).slice(0, 2).map(citationOf).join('; ')
    citations.set(indicator, text)
  }
  return text
}

// Evidence strings repeat across reports (country facts, categories): their wording is a pure function
// of the string, so a bounded memo saves the rescoring of a million reports most of the work.
const wordsMemo = new Map<string, string>()
export function inWords (item: string): string {
  let words = wordsMemo.get(item)
  if (words === undefined) {
    words = evidenceInWords(item)
    if (wordsMemo.size >= 20_000) wordsMemo.clear()
    wordsMemo.set(item, words)
  }
  return words
}

/**
 * The explanation of a contribution: the rule's fact sentence, then everything that is a pure function of
 * the indicator (so of the ruleset version and kind) and the evidence. `renderContribution` calls this on
 * read for stored scores, so the text shown is the one `runRules` gives.
 */
export function explanationOf (indicator: Indicator, fact: string, evidence: readonly string[]): string {
  const sources = citationList(indicator)
  const facts = evidence.map(inWords).join('; ')
  return `${factInWords(fact)} ${indicator.description} Facts read: ${facts}.${sources === '' ? '' : ` Sources: ${sources}.`}`
}

/** What a score reads from the facts, whatever form its contributions take. */
function evaluate<F, C, T extends { points: number }> (
  catalogue: readonly Indicator[],
  rules: Readonly<Record<string, Rule<F, C>>>,
  facts: F,
  ctx: C,
  scale: ScaleOf,
  contribution: (indicator: Indicator, hit: RuleHit, points: number) => T
): ScoreResult<T> {
  const contributions: T[] = []
  for (const indicator of catalogue) {
    const rule = rules[indicator.id]
    if (rule === undefined) throw new Error(`No rule for indicator ${indicator.id}`)
    const hit = rule(facts, ctx)
    if (hit === null) continue
    const magnitude = Math.min(hit.points ?? indicator.weight, indicator.weight)
    contributions.push(contribution(indicator, hit, indicator.kind === 'mitigating' ? -magnitude : magnitude))
  }
  const rawTotal = contributions.reduce((sum, c) => sum + c.points, 0)
  const score = clampScore(rawTotal)
  return { score, band: bandFor(score, scale.bandLimits), rulesetVersion: scale.version, rawTotal, contributions }
}

/**
 * Runs every rule in catalogue order. Contributions are signed points (mitigating negative) and
 * `rawTotal` is exactly their sum; `score = clamp(round(rawTotal), 0, 100)`. The clamp means that past
 * 100 further evidence changes `rawTotal` and the contributions but not the score.
 */
export function runRules<F, C> (
  catalogue: readonly Indicator[],
  rules: Readonly<Record<string, Rule<F, C>>>,
  facts: F,
  ctx: C,
  scale: ScaleOf
): ScoreResult {
  return evaluate(catalogue, rules, facts, ctx, scale, (indicator, hit, points): Contribution => ({
    indicatorId: indicator.id,
    points,
    evidence: hit.evidence,
    explanation: explanationOf(indicator, hit.fact, hit.evidence)
  }))
}

/**
 * `runRules` for storage: the same score, band and contributions, each with its fact sentence instead of
 * the explanation (about 8 kB of catalogue text per score that a rescoring run would otherwise build, send,
 * parse, compress and store a million times; `renderContribution` derives it on read).
 */
export function runRulesCompact<F, C> (
  catalogue: readonly Indicator[],
  rules: Readonly<Record<string, Rule<F, C>>>,
  facts: F,
  ctx: C,
  scale: ScaleOf
): CompactScoreResult {
  return evaluate(catalogue, rules, facts, ctx, scale, (indicator, hit, points): StoredContribution => ({
    indicatorId: indicator.id,
    points,
    evidence: hit.evidence,
    fact: hit.fact
  }))
}
