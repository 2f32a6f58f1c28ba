/**
 * Score responses (api.md "Scores"). A score explains itself: each contribution names the
 * indicator, its points and the evidence it read.
 */
import { Type, type Static } from 'typebox'
import { closed, Nullable, Page, RevisionSchema, Text, TimestampSchema } from './common.ts'
import { ScoreBandSchema } from './vocabularies.ts'

export const ScoreValueSchema = Type.Integer({ minimum: 0, maximum: 100, examples: [78] })

const ContributionSchema = Type.Object({
  indicatorId: Type.String({ pattern: '^[a-z][a-z0-9_.-]*$', maxLength: 64, description: 'Id of the indicator, see `GET /v1/indicators`.', examples: ['charge_armed_group'] }),
  points: Type.Number({ minimum: -100, maximum: 100, description: 'Points this indicator added (negative: removed).', examples: [25] }),
  evidence: Type.Array(Text(500), {
    maxItems: 20,
    // Scores are shown to analysts, so evidence must point at facts, never quote identities.
    description: 'JSON Pointers into the record, or non-identifying values, that triggered the indicator.',
    examples: [['/charges/0/category']]
  }),
  explanation: Text(1000, { description: 'Why the indicator applies, in plain words.', examples: ['Charge of participation in an illegal armed formation (Russian CC Art. 208), typical of politically motivated North-Caucasus cases.'] })
}, closed)

export const ScoreSchema = Type.Object({
  score: ScoreValueSchema,
  band: ScoreBandSchema,
  rulesetVersion: Text(64, { minLength: 1, description: 'Version of the indicator ruleset used.', examples: ['2025.1'] }),
  revision: Type.Integer({ ...RevisionSchema, description: 'Revision of the record that was scored.' }),
  scoredAt: TimestampSchema,
  contributions: Type.Array(ContributionSchema, { maxItems: 100 })
}, {
  ...closed,
  description: 'For red notices, the strength of the signs of political targeting; for assurances, how little the assurance can be relied on.'
})
export type Score = Static<typeof ScoreSchema>

/** The 202 answer while the current revision is not scored yet, or scoring failed. */
export const ScorePendingSchema = Type.Object({
  status: Type.Enum(['pending', 'failed'] as const, { type: 'string' }),
  revision: Type.Integer({ ...RevisionSchema, description: 'Revision waiting to be scored.' }),
  detail: Type.Optional(Text(500, { description: 'Why scoring failed; never contains record content.' }))
}, { ...closed, description: 'Scoring of the current revision is pending or failed; poll again later.' })
export type ScorePending = Static<typeof ScorePendingSchema>

export const ScoreHistorySchema = Page(ScoreSchema, 'Scores across revisions and rulesets, newest first.')

/** Short form of the current score, embedded in records and list items. */
export const ScoreSummarySchema = Nullable(Type.Object({ score: ScoreValueSchema, band: ScoreBandSchema }, closed), {
  description: 'Score of the current revision, when scored; details at `/score`.'
})
