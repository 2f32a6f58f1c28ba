/**
 * Loads the evaluation corpus and scores it exactly as the service would: each case's `facts` is
 * validated with the schema the API validates POST bodies with, split into stored facts as intake does,
 * mapped to domain facts as the workers do, and scored by the same pure functions. Country context comes
 * from the repository's country reference data; no other report is linked (each case stands alone).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  defaultCountryContext, NO_LINKED_REPORTS, scoreAssurance, scoreAssuranceCompact, scoreRedNotice, scoreRedNoticeCompact,
  type CompactScoreResult, type Ruleset, type ScoreResult
} from '../../src/domain/index.ts'
import type { ScoredCase } from '../../src/domain/evaluation.ts'
import { compileStrict } from '../../src/plugins/validation.ts'
import { AssuranceInputSchema, type AssuranceInput } from '../../src/schemas/assurances.ts'
import { splitAssuranceIdentity, splitRedNoticeIdentity } from '../../src/schemas/identity.ts'
import { RedNoticeInputSchema, type RedNoticeInput } from '../../src/schemas/red-notices.ts'
import { toAssuranceFacts, toRedNoticeFacts } from '../../src/scoring/facts.ts'

export const CORPUS_DIR = join(import.meta.dirname, '..', 'corpus')

export interface Citation { title: string, publisher: string, date: string, url?: string, reference?: string }

export interface CorpusCase {
  id: string
  kind: 'red_notice' | 'assurance'
  label: 'abuse' | 'legitimate' | 'unreliable' | 'reliable'
  summary: string
  citations: Citation[]
  facts: unknown
  outcome: { summary: string, date: string, sources: Citation[] }
  /**
   * `holdout` for the first hold-out (eval/corpus/holdout.json), `holdout2` to `holdout12` for the second to
   * twelfth, built blind to the rules (eval/corpus/holdout-2.json to holdout-12.json); absent for the main corpus.
   */
  split?: 'holdout' | 'holdout2' | 'holdout3' | 'holdout4' | 'holdout5' | 'holdout6' | 'holdout7' | 'holdout8' | 'holdout9' | 'holdout10' | 'holdout11' | 'holdout12'
  /** The file the case came from. */
  file: string
}

/**
 * Which cases to load: the main corpus (every file but the hold-outs), one hold-out alone, or everything.
 * Each hold-out is kept out of the main figures, and out of the other, so that it stays a measurement
 * nobody tuned against.
 */
export type CorpusSplit = 'main' | 'holdout' | 'holdout2' | 'holdout3' | 'holdout4' | 'holdout5' | 'holdout6' | 'holdout7' | 'holdout8' | 'holdout9' | 'holdout10' | 'holdout11' | 'holdout12' | 'all'
const HOLDOUT_SPLITS: ReadonlySet<string> = new Set(['holdout', 'holdout2', 'holdout3', 'holdout4', 'holdout5', 'holdout6', 'holdout7', 'holdout8', 'holdout9', 'holdout10', 'holdout11', 'holdout12'])

const LABELS = { red_notice: ['abuse', 'legitimate'], assurance: ['unreliable', 'reliable'] } as const

// Copies: ajv's useDefaults would otherwise write into the corpus objects.
const validRedNotice = compileStrict<RedNoticeInput>(structuredClone(RedNoticeInputSchema))
const validAssurance = compileStrict<AssuranceInput>(structuredClone(AssuranceInputSchema))

export function loadCorpus (dir = CORPUS_DIR, split: CorpusSplit = 'main'): CorpusCase[] {
  return readdirSync(dir).filter(f => f.endsWith('.json')).sort()
    .flatMap(file => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Array<Omit<CorpusCase, 'file'>>).map(c => ({ ...c, file })))
    .filter(c => split === 'all' || (split === 'main' ? c.split === undefined : c.split === split))
}

/** Problems that make a case unusable, each naming the case and the field; empty when the corpus is sound. */
export function corpusProblems (cases: readonly CorpusCase[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const c of cases) {
    const at = `${c.file} ${c.id}`
    if (seen.has(c.id)) problems.push(`${at}: duplicate id`)
    seen.add(c.id)
    if (!(c.kind in LABELS)) { problems.push(`${at}: unknown kind ${String(c.kind)}`); continue }
    if (!(LABELS[c.kind] as readonly string[]).includes(c.label)) problems.push(`${at}: label ${c.label} not valid for ${c.kind}`)
    if (!Array.isArray(c.citations) || c.citations.length === 0) problems.push(`${at}: no citation`)
    if (c.split !== undefined && !HOLDOUT_SPLITS.has(c.split)) problems.push(`${at}: unknown split ${String(c.split)}`)
    for (const s of [...(c.citations ?? []), ...(c.outcome?.sources ?? [])]) {
      if (typeof s.title !== 'string' || (s.url === undefined && s.reference === undefined)) problems.push(`${at}: a source lacks a title or a url/reference`)
    }
    const validate = c.kind === 'red_notice' ? validRedNotice : validAssurance
    if (!validate(structuredClone(c.facts))) {
      const e = validate.errors?.[0]
      problems.push(`${at}: facts${e?.instancePath ?? ''} ${e?.message ?? 'invalid'}`)
    }
  }
  return problems
}

/** Scores one case under a ruleset. The case must have passed `corpusProblems`. */
export function scoreCase (c: CorpusCase, ruleset: Ruleset): ScoredCase {
  const result = scoreCaseWith(c, ruleset, { redNotice: scoreRedNotice, assurance: scoreAssurance })
  return { id: c.id, kind: c.kind, label: c.label, score: result.score, band: result.band, contributions: result.contributions }
}

/** The same case scored as the workers store it (each contribution's fact instead of its explanation). */
export function scoreCaseCompact (c: CorpusCase, ruleset: Ruleset): CompactScoreResult {
  return scoreCaseWith(c, ruleset, { redNotice: scoreRedNoticeCompact, assurance: scoreAssuranceCompact })
}

function scoreCaseWith<R extends ScoreResult<unknown>> (c: CorpusCase, ruleset: Ruleset, score: {
  redNotice: (...args: Parameters<typeof scoreRedNotice>) => R
  assurance: (...args: Parameters<typeof scoreAssurance>) => R
}): R {
  const body = structuredClone(c.facts)
  if (c.kind === 'red_notice') {
    const stored = splitRedNoticeIdentity(body as RedNoticeInput).facts as unknown as Record<string, unknown>
    const facts = toRedNoticeFacts(stored)
    return score.redNotice(facts, { requestingCountry: defaultCountryContext(facts.requestingCountry), countryOf: defaultCountryContext, linked: NO_LINKED_REPORTS }, ruleset)
  }
  const facts = toAssuranceFacts(splitAssuranceIdentity(body as AssuranceInput).facts as unknown as Record<string, unknown>)
  return score.assurance(facts, { givingState: defaultCountryContext(facts.givingState) }, ruleset)
}
