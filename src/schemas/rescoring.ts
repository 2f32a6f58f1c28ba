/** Rescoring runs and the published indicator catalogue (api.md "Reference data and rules"). */
import { Type } from 'typebox'
import { Closed, CountryCodeSchema, Nullable, Text, TimestampSchema, UuidSchema } from './common.ts'
import { named } from './named.ts'

export const RescoringRunInputSchema = named('RescoringRunInput', Closed({
  requestingCountry: Type.Optional(Type.String({ ...CountryCodeSchema, description: 'Only red notices requested by this state.' })),
  givingState: Type.Optional(Type.String({ ...CountryCodeSchema, description: 'Only assurances given by this state.' }))
}, { description: 'Scope of the run. Empty: every report. With one member: only that kind of report, in that state.' }))

export const RescoringRunSchema = named('RescoringRun', Closed({
  id: UuidSchema,
  status: Type.Enum(['running', 'finished'] as const, { type: 'string' }),
  rulesetVersion: Text(64, { description: 'Ruleset the run scores under.' }),
  reason: Type.Enum(['manual', 'country.updated', 'ruleset.adopted'] as const, { type: 'string', description: 'Why the run exists: an admin asked (`manual`), a state\'s reference data changed (`country.updated`), or the service adopted a new ruleset (`ruleset.adopted`, started by the service itself).' }),
  requestingCountry: Nullable(CountryCodeSchema),
  givingState: Nullable(CountryCodeSchema),
  total: Type.Integer({ minimum: 0, description: 'Report revisions in scope.' }),
  done: Type.Integer({ minimum: 0, description: 'Scored.' }),
  failed: Type.Integer({ minimum: 0, description: 'Failed for good (see each report\'s `/score`).' }),
  createdAt: TimestampSchema,
  finishedAt: Nullable(TimestampSchema)
}, { description: 'Progress of a bulk rescoring: finished when done + failed = total.' }))

export const RescoringRunListSchema = named('RescoringRunList', Closed({
  items: Type.Array(RescoringRunSchema)
}, { description: 'Rescoring runs, newest first.' }))

const SourceRefSchema = named('IndicatorSource', Closed({
  citation: Type.String(),
  title: Type.Optional(Type.String()),
  publisher: Type.Optional(Type.String()),
  date: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  reference: Type.Optional(Type.String({ description: 'Case number or official document reference.' })),
  unverified: Type.Optional(Type.Boolean())
}, { description: 'A source: title, publisher, date, and a link or an official reference. Only verified sources are published.' }))

const IndicatorSchema = named('Indicator', Closed({
  id: Type.String({ examples: ['refugee-or-asylum-seeker'] }),
  appliesTo: Type.Enum(['red_notice', 'assurance'] as const, { type: 'string' }),
  kind: Type.Enum(['aggravating', 'mitigating'] as const, { type: 'string', description: 'Mitigating indicators subtract their points.' }),
  title: Type.String(),
  description: Type.String(),
  weight: Type.Number({ description: 'Maximum points, always positive; graded indicators give the highest tier that applies.' }),
  tiers: Type.Optional(Type.Array(Closed({ points: Type.Number(), when: Type.String() }))),
  reads: Type.Array(Type.String(), { description: 'Fields of the report (JSON pointers) or reference data it reads.' }),
  sources: Type.Array(SourceRefSchema),
  weightRationale: Type.String(),
  basis: Type.String(),
  rulesetVersion: Type.String()
}))

export const IndicatorListSchema = named('IndicatorList', Closed({
  rulesetVersion: Type.String({ description: 'The current ruleset.' }),
  items: Type.Array(IndicatorSchema)
}, { description: 'Every indicator of the current ruleset, in scoring order.' }))

const Count = Nullable(Type.Integer({ minimum: 0 }))
const Share = Nullable(Type.Number({ minimum: 0, maximum: 1 }))
const BandCounts = Closed({ low: Count, elevated: Count, high: Count, critical: Count })

export const RulesetEvaluationSchema = named('RulesetEvaluation', Closed({
  rulesetVersion: Type.String(),
  minGroupSize: Type.Integer({ minimum: 1, description: 'Figures over fewer labelled reports than this are withheld (null).' }),
  labelled: Closed({ abuse: Count, legitimate: Count }, { description: 'Reports labelled by their recorded outcome (docs/scoring-evaluation.md "Backtesting").' }),
  auc: Share,
  abuseFlagged: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Share of abuse-labelled reports scored high or critical.' })),
  legitimateFlagged: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Share of legitimate-labelled reports scored high or critical.' })),
  confusion: Closed({ abuse: BandCounts, legitimate: BandCounts })
}, {
  description: 'Backtest of a ruleset on the outcomes partners recorded: each labelled report\'s first revision, outcome events excluded, scored under the ruleset. ' +
    'Abuse: notice deleted or extradition refused on political, torture-risk or refugee grounds, or interim measures. ' +
    'Legitimate: no deletion, refusal or interim measures, and either extradition approved and carried out (extradition_approved and deported) or a conviction recorded after the first revision.'
}))
