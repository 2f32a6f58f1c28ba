import type { Indicator } from '../indicator-types.ts'

/** A base catalogue's indicator with some fields replaced; throws if the base has no such indicator. */
export function changed (base: readonly Indicator[], id: string, patch: Partial<Indicator> | ((old: Indicator) => Partial<Indicator>)): Indicator {
  const old = base.find(i => i.id === id)
  if (old === undefined) throw new Error(`No indicator ${id} in the base ruleset`)
  return { ...old, ...(typeof patch === 'function' ? patch(old) : patch) }
}

/** The base catalogue in its order, each indicator replaced by its changed version where there is one. */
export const replacing = (base: readonly Indicator[], changes: readonly Indicator[]): Indicator[] =>
  base.map(i => changes.find(c => c.id === i.id) ?? i)
