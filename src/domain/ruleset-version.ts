/**
 * Reference data that a later ruleset added must not change what an earlier ruleset reads (rulesets are
 * immutable values): an entry with `addedIn` is read by that ruleset version and later ones only.
 */
const parts = (v: string): number[] => v.split('.').map(Number)

/** Whether a ruleset of `rulesetVersion` reads an entry first read by `addedIn` (or by every version if absent). */
// Asked for every reference-data entry by every rule of every report a run scores; the versions are few.
const readMemo = new Map<string, boolean>()

export function readByRuleset (addedIn: string | undefined, rulesetVersion: string): boolean {
  if (addedIn === undefined) return true
  const key = `${addedIn} ${rulesetVersion}`
  let read = readMemo.get(key)
  if (read === undefined) {
    read = compareVersions(addedIn, rulesetVersion)
    readMemo.set(key, read)
  }
  return read
}

function compareVersions (addedIn: string, rulesetVersion: string): boolean {
  const a = parts(addedIn)
  const b = parts(rulesetVersion)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d < 0
  }
  return true
}
