import { explanationOf, inWords } from './engine.ts'
import type { Indicator } from './indicator-types.ts'
import { CURRENT_RULESET, RULESETS, rulesetByVersion, type Ruleset } from './rulesets/index.ts'
import type { AppliesTo, Contribution, StoredContribution } from './types.ts'

const catalogueOfKind = (ruleset: Ruleset, kind: AppliesTo): readonly Indicator[] =>
  kind === 'red_notice' ? ruleset.redNotice.catalogue : ruleset.assurance.catalogue

// Indicator id → indicator, per catalogue: rulesets are immutable values, so each map is built once.
const indexes = new WeakMap<readonly Indicator[], ReadonlyMap<string, Indicator>>()
function indicatorIn (catalogue: readonly Indicator[], id: string): Indicator | undefined {
  let index = indexes.get(catalogue)
  if (index === undefined) {
    index = new Map(catalogue.map((indicator) => [indicator.id, indicator]))
    indexes.set(catalogue, index)
  }
  return index.get(id)
}

// Where to look when the score's own ruleset does not know the indicator: the current ruleset, then the
// others newest first.
const FALLBACKS: readonly Ruleset[] = [CURRENT_RULESET, ...[...RULESETS].reverse().filter((r) => r !== CURRENT_RULESET)]

function indicatorFor (kind: AppliesTo, rulesetVersion: string, indicatorId: string): Indicator | undefined {
  const own = rulesetByVersion(rulesetVersion)
  const found = own === undefined ? undefined : indicatorIn(catalogueOfKind(own, kind), indicatorId)
  if (found !== undefined) return found
  // Should not happen: every version a build ever stored stays in RULESETS. It can during a rolling deploy,
  // when an older replica reads a score a newer build wrote. Reading must not fail for it: the indicator's
  // text is taken from the nearest version that has it; the fact and evidence are the score's own.
  for (const ruleset of FALLBACKS) {
    const indicator = indicatorIn(catalogueOfKind(ruleset, kind), indicatorId)
    if (indicator !== undefined) return indicator
  }
  return undefined
}

/**
 * A stored contribution as the API shows it: the explanation `runRules` gives for it under its ruleset
 * (`test/domain/render.test.ts` proves them equal over the evaluation corpus under every ruleset). Pure; the
 * indicator's text is memoised per indicator, the evidence's words per evidence string.
 */
export function renderContribution (kind: AppliesTo, rulesetVersion: string, stored: StoredContribution): Contribution {
  const indicator = indicatorFor(kind, rulesetVersion, stored.indicatorId)
  const explanation = indicator === undefined
    // No build knows this indicator: the fact and the facts read are all that can be said truthfully.
    ? `${stored.fact} Facts read: ${stored.evidence.map(inWords).join('; ')}.`
    : explanationOf(indicator, stored.fact, stored.evidence)
  return { indicatorId: stored.indicatorId, points: stored.points, evidence: stored.evidence, explanation }
}

/**
 * The contributions of a stored score (the `scores.contributions` value) as the API shows them. Scores
 * stored before contributions were compact (migration 0029) hold their explanation and no fact: their
 * explanation is shown as stored, which is what it was when written.
 */
export function renderContributions (kind: AppliesTo, rulesetVersion: string, stored: unknown): Contribution[] {
  if (!Array.isArray(stored)) return []
  return (stored as Array<Partial<StoredContribution & Contribution>>).map((c): Contribution => typeof c.fact === 'string'
    ? renderContribution(kind, rulesetVersion, c as StoredContribution)
    : { indicatorId: c.indicatorId ?? '', points: c.points ?? 0, evidence: c.evidence ?? [], explanation: c.explanation ?? '' })
}
