import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import { backtestRows } from '../db/queries/backtest.ts'
import { listCountries, toCountryContext } from '../db/queries/countries.ts'
import {
  defaultCountryContext, NO_LINKED_REPORTS, scoreRedNoticeCompact, type CountryContext, type Ruleset
} from '../domain/index.ts'
import { outcomeLabel, suppressedEvaluation, withoutOutcomeFacts, type SuppressedEvaluation } from '../domain/backtest.ts'
import type { ScoredCase } from '../domain/evaluation.ts'
import { toRedNoticeFacts } from './facts.ts'

/**
 * Scores the first revision of every report with a recorded outcome under `ruleset`, outcome facts
 * excluded, with the stored country reference data; linked reports are left out (they may record the
 * same outcome). Returns the corpus metrics with small groups suppressed.
 */
export async function backtestRuleset (db: Database, ruleset: Ruleset, minGroupSize: number): Promise<SuppressedEvaluation & { rulesetVersion: string }> {
  const { rows, countries } = await withContext(db, SYSTEM_CONTEXT, async (tx) => ({
    rows: await backtestRows(tx),
    countries: new Map((await listCountries(tx)).map(c => [c.code, toCountryContext(c)]))
  }))
  const country = (code: string): CountryContext | null => countries.get(code) ?? defaultCountryContext(code)
  const cases: ScoredCase[] = []
  for (const row of rows) {
    const first = toRedNoticeFacts(row.first)
    const label = outcomeLabel(toRedNoticeFacts(row.current), first)
    if (label === null) continue
    const facts = withoutOutcomeFacts(first)
    // Only the score and band are kept: the compact form spares building every explanation.
    const r = scoreRedNoticeCompact(facts, { requestingCountry: country(facts.requestingCountry), countryOf: country, linked: NO_LINKED_REPORTS }, ruleset)
    cases.push({ id: String(cases.length), kind: 'red_notice', label, score: r.score, band: r.band, contributions: [] })
  }
  return { rulesetVersion: ruleset.version, ...suppressedEvaluation(cases, minGroupSize) }
}
