/**
 * Score responses (api.md "Scores"). A score explains itself: each contribution names the
 * indicator, its points and the evidence it read.
 */
import { Type, type Static } from 'typebox'
import { closed, Nullable, Page, RevisionSchema, Text, TimestampSchema } from './common.ts'
import { ScoreBandSchema } from './vocabularies.ts'
import { named } from './named.ts'
import { RULESET_VERSION } from '../domain/ruleset.ts'

export const ScoreValueSchema = Type.Integer({ minimum: 0, maximum: 100, examples: [78] })

const ContributionSchema = named('Contribution', Type.Object({
  indicatorId: Type.String({ pattern: '^[a-z][a-z0-9_.-]*$', maxLength: 64, description: 'Id of the indicator, see `GET /v1/indicators`.', examples: ['vague-security-charge'] }),
  points: Type.Number({ minimum: -100, maximum: 100, description: 'Points this indicator added (negative: removed).', examples: [20] }),
  evidence: Type.Array(Text(500), {
    maxItems: 20,
    // Scores are shown to analysts, so evidence must point at facts, never quote identities.
    description: 'JSON Pointers into the record, or non-identifying values, that triggered the indicator.',
    examples: [['/charges/0/category']]
  }),
  explanation: Text(4000, { description: 'Why the indicator applies, in plain words: the finding, the rule and its basis, the facts read (in words, countries named) and the sources (title, publisher, date, link or case reference).', examples: ['Charge of participation in an illegal armed formation (Russian CC Art. 208), typical of politically motivated North-Caucasus cases.'] })
}, closed))

export const ScoreScaleSchema = named('ScoreScale', Type.Object({
  direction: Type.String({ maxLength: 200, description: 'Which way the scale points.', examples: ['Higher means stronger signs of political targeting.'] }),
  bandLimits: Type.Object({
    elevated: Type.Integer({ minimum: 0, maximum: 100 }),
    high: Type.Integer({ minimum: 0, maximum: 100 }),
    critical: Type.Integer({ minimum: 0, maximum: 100 })
  }, { ...closed, description: 'Lowest score of each band above `low` under this score\'s ruleset.' }),
  pointsBeforeCap: Type.Number({ minimum: -10_000, maximum: 10_000, description: 'Sum of the contributions\' points, before rounding and the cap.' }),
  cap: Type.Integer({ minimum: 0, maximum: 100, description: 'The score is the rounded points clamped to 0..cap.', examples: [100] })
}, { ...closed, description: 'How to read the score: its direction, band limits, the points before the cap, and the cap.' }))

export const ScoreSchema = named('Score', Type.Object({
  score: ScoreValueSchema,
  band: ScoreBandSchema,
  scale: Type.Optional(ScoreScaleSchema),
  rulesetVersion: Text(64, { minLength: 1, description: 'Version of the indicator ruleset used.', examples: [RULESET_VERSION] }),
  revision: Type.Integer({ ...RevisionSchema, description: 'Revision of the record that was scored.' }),
  scoredAt: TimestampSchema,
  contributions: Type.Array(ContributionSchema, { maxItems: 100 })
}, {
  ...closed,
  description: 'For red notices, the strength of the signs of political targeting; for assurances, how little the assurance can be relied on.'
}))
export type Score = Static<typeof ScoreSchema>

/** The 202 answer while the current revision is not scored yet, or scoring failed. */
export const ScorePendingSchema = named('ScorePending', Type.Object({
  status: Type.Enum(['pending', 'failed'] as const, { type: 'string' }),
  revision: Type.Integer({ ...RevisionSchema, description: 'Revision waiting to be scored.' }),
  detail: Type.Optional(Text(500, { description: 'Why scoring failed; never contains record content.' }))
}, { ...closed, description: 'Scoring of the current revision is pending or failed; poll again later.' }))
export type ScorePending = Static<typeof ScorePendingSchema>

const ScoreChangeSchema = named('ScoreChange', Type.Object({
  fromRevision: Type.Integer({ ...RevisionSchema, description: 'Revision of the previous score.' }),
  fromRulesetVersion: Text(64, { description: 'Ruleset of the previous score.' }),
  fromBand: ScoreBandSchema,
  scoreDelta: Type.Integer({ minimum: -100, maximum: 100, description: 'This score minus the previous one.' }),
  pointsDelta: Type.Number({ description: 'Difference of the raw point totals (before clamping to 0..100).' }),
  indicatorsAdded: Type.Array(Text(64), { maxItems: 100, description: 'Indicators that apply now and did not before.' }),
  indicatorsRemoved: Type.Array(Text(64), { maxItems: 100, description: 'Indicators that applied before and no longer do.' }),
  indicatorsChanged: Type.Array(Type.Object({ indicatorId: Text(64), pointsDelta: Type.Number() }, closed), {
    maxItems: 100, description: 'Indicators that apply in both, with different points.'
  })
}, { ...closed, description: 'What changed since the previous (older) score in this history.' }))

/** One entry of a score history: the score, whether it is current, and what changed since the one before. */
export const ScoreHistoryItemSchema = named('ScoreHistoryItem', Type.Object({
  ...ScoreSchema.properties,
  current: Type.Optional(Type.Boolean({ description: 'The score `/score` answers: current revision, current ruleset, not superseded.' })),
  supersededAt: Type.Optional(Nullable(TimestampSchema, { description: 'When reference data changed and a rescoring replaced this score for the same revision and ruleset.' })),
  changes: Type.Optional(Nullable(ScoreChangeSchema, { description: 'Null for the oldest score.' }))
}, closed))
export type ScoreHistoryItem = Static<typeof ScoreHistoryItemSchema>

export const ScoreHistorySchema = named('ScoreHistoryPage', Page(ScoreHistoryItemSchema, 'Scores across revisions and rulesets, newest first.'))

/** Short form of the current score, embedded in records and list items. */
export const ScoreSummarySchema = named('ScoreSummary', Nullable(Type.Object({ score: ScoreValueSchema, band: ScoreBandSchema }, closed), {
  description: 'Score of the current revision, when scored; details at `/score`.'
}))
