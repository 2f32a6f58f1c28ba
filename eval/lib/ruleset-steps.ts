import type { Ruleset } from '../../src/domain/index.ts'

// How a ruleset change is taken apart to see what each part does (npm run evaluate:generalisation).

/** `base` with the given red-notice indicators' rules and catalogue entries taken from `next` (added if new). */
export function withOnly (ids: readonly string[], base: Ruleset, next: Ruleset, name: string): Ruleset {
  const added = next.redNotice.catalogue.filter(n => ids.includes(n.id) && !base.redNotice.catalogue.some(i => i.id === n.id))
  const catalogue = [...base.redNotice.catalogue.map(i => ids.includes(i.id) ? (next.redNotice.catalogue.find(n => n.id === i.id) ?? i) : i), ...added]
  const rules = Object.fromEntries(catalogue.map(i => [i.id, (ids.includes(i.id) ? next.redNotice.rules[i.id] : base.redNotice.rules[i.id])]))
  return { ...base, version: name, redNotice: { catalogue, rules: rules as Ruleset['redNotice']['rules'] } }
}

/** The red-notice indicators whose rule or weight `next` changes, or which it adds, in its catalogue order. */
export const changedIndicators = (base: Ruleset, next: Ruleset): string[] => next.redNotice.catalogue
  .filter(n => next.redNotice.rules[n.id] !== base.redNotice.rules[n.id] || base.redNotice.catalogue.find(i => i.id === n.id)?.weight !== n.weight)
  .map(n => n.id)
