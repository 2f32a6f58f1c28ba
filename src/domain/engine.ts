import { citationOf, evidenceInWords, isPublishable } from './evidence-words.ts'
import type { Indicator } from './indicator-types.ts'
import { bandFor, SCORE_CAP, type BandLimits } from './bands.ts'
import type { Contribution, ScoreResult } from './types.ts'

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
function inWords (item: string): string {
  let words = wordsMemo.get(item)
  if (words === undefined) {
    words = evidenceInWords(item)
    if (wordsMemo.size >= 20_000) wordsMemo.clear()
    wordsMemo.set(item, words)
  }
  return words
}

function explanationOf (indicator: Indicator, hit: RuleHit): string {
  const sources = citationList(indicator)
  const facts = hit.evidence.map(inWords).join('; ')
  return `${hit.fact} ${indicator.description} Facts read: ${facts}.${sources === '' ? '' : ` Sources: ${sources}.`}`
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
  const contributions: Contribution[] = []
  for (const indicator of catalogue) {
    const rule = rules[indicator.id]
    if (rule === undefined) throw new Error(`No rule for indicator ${indicator.id}`)
    const hit = rule(facts, ctx)
    if (hit === null) continue
    const magnitude = Math.min(hit.points ?? indicator.weight, indicator.weight)
    const points = indicator.kind === 'mitigating' ? -magnitude : magnitude
    contributions.push({
      indicatorId: indicator.id,
      points,
      evidence: hit.evidence,
      explanation: explanationOf(indicator, hit)
    })
  }
  const rawTotal = contributions.reduce((sum, c) => sum + c.points, 0)
  const score = clampScore(rawTotal)
  return { score, band: bandFor(score, scale.bandLimits), rulesetVersion: scale.version, rawTotal, contributions }
}
