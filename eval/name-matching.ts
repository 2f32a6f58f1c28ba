// Scores the subject matcher on labelled name pairs. The decision is subjectsMatch, the
// one the intake takes (a report joins another's subject when they share a blind index).

import { readFileSync } from 'node:fs'
import type { KeyObject } from 'node:crypto'
import { subjectsMatch, type SubjectNames } from '../src/crypto/index.ts'

export interface NamePair { kind: string, same: boolean, a: SubjectNames, b: SubjectNames }
export interface Outcome { pair: NamePair, matched: boolean }
export interface Counts { truePositives: number, falseNegatives: number, falsePositives: number, trueNegatives: number }
export interface Evaluation extends Counts {
  recall: number
  precision: number
  byKind: Map<string, Counts>
  /** True pairs not linked and false pairs linked. */
  errors: Outcome[]
}

export const RECALL_TARGET = 0.95
export const PRECISION_TARGET = 0.99

export function loadNamePairs (file = new URL('./name-pairs.json', import.meta.url)): NamePair[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { pairs: NamePair[] }).pairs
}

const empty = (): Counts => ({ truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 })

function count (counts: Counts, { pair, matched }: Outcome): void {
  if (pair.same) counts[matched ? 'truePositives' : 'falseNegatives']++
  else counts[matched ? 'falsePositives' : 'trueNegatives']++
}

export function evaluateNamePairs (root: KeyObject, pairs: readonly NamePair[]): Evaluation {
  const total = empty()
  const byKind = new Map<string, Counts>()
  const errors: Outcome[] = []
  for (const pair of pairs) {
    const outcome = { pair, matched: subjectsMatch(root, pair.a, pair.b) }
    count(total, outcome)
    if (!byKind.has(pair.kind)) byKind.set(pair.kind, empty())
    count(byKind.get(pair.kind)!, outcome)
    if (outcome.matched !== pair.same) errors.push(outcome)
  }
  const linked = total.truePositives + total.falsePositives
  return {
    ...total,
    recall: total.truePositives / (total.truePositives + total.falseNegatives),
    precision: linked === 0 ? 1 : total.truePositives / linked,
    byKind,
    errors
  }
}
