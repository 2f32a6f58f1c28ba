/**
 * Reference data that a later ruleset added must not change what an earlier ruleset reads (rulesets are
 * immutable values): an entry with `addedIn` is read by that ruleset version and later ones only.
 */
const parts = (v: string): number[] => v.split('.').map(Number)

// Asked for every reference-data entry by every rule of every report a run scores; the versions are few.
const readMemo = new Map<string, boolean>()

/** Whether a ruleset of `rulesetVersion` reads an entry first read by `addedIn` (or by every version if absent). */
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

/**
 * A view of reference data as each ruleset version reads it, built on the first call for that version and
 * kept: rules ask for it for every report, and the versions are few.
 */
export function perRulesetVersion<T> (build: (rulesetVersion: string) => T): (rulesetVersion: string) => T {
  const built = new Map<string, T>()
  return (rulesetVersion) => {
    let view = built.get(rulesetVersion)
    if (view === undefined) {
      view = build(rulesetVersion)
      built.set(rulesetVersion, view)
    }
    return view
  }
}
