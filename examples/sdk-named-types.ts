/**
 * The SDK's named types (one per component of openapi/openapi.json), as a partner's code uses them. Nothing
 * here runs against a service: `npm run typecheck` compiles this file, so a type the SDK stops exporting, or a
 * change that puts an identity into the analysts' view, fails the build.
 */
import createClient, { type Client } from 'openapi-fetch'
// Partners import the same names from the package: `import type { RedNotice } from '@red-notice-monitor/client-types'`.
import type {
  Assurance, AssuranceInput, AssurancePatch, AssurancePseudonymised, Contribution, Indicator, paths, Problem, RedNotice,
  RedNoticeInput, RedNoticePage, RedNoticePatch, RedNoticePseudonymised, RedNoticePseudonymisedPage, Score, ScoreBand,
  Webhook, WebhookInput
} from '../sdk/schema.d.ts'

/** An invented person; a real report carries what the partner knows of the case. */
export const report: RedNoticeInput = {
  mechanism: 'red_notice',
  requestingCountry: 'RU',
  subject: { fullName: 'Aslan Testov', nationalities: ['RU'], profiles: ['ethnic_minority'] },
  charges: [{ description: 'Participation in an illegal armed formation', category: 'armed_group' }]
}

/** A merge patch: only what changes; `null` removes. */
export const asylumGranted: RedNoticePatch = { subject: { asylum: { status: 'recognized_refugee', country: 'FR' } }, status: null }

export const assurance: AssuranceInput = { givingState: 'RU', receivingState: 'FR', specificity: 'general' }
export const assurancePatch: AssurancePatch = { monitoring: { lawyerAccess: 'none' } }
export const subscription: WebhookInput = { url: 'https://alerts.example.org/rnm', events: ['score.band_raised'], minBand: 'high' }

/** The reporting partner sees the name; analysts and admins get the pseudonymised view, which has none. */
export function displayName (view: RedNotice | RedNoticePseudonymised): string {
  return 'fullName' in view.subject && view.subject.fullName !== undefined ? view.subject.fullName : `subject ${view.subjectId}`
}

// @ts-expect-error the analysts' view of a report has no identifying member
export const noNameForAnalysts: RedNoticePseudonymised['subject']['fullName'] = 'x'
// @ts-expect-error nor has an analyst's view of an assurance
export const noNotesForAnalysts: AssurancePseudonymised['notes'] = 'x'

/** A score explains itself: each contribution names its indicator and the evidence it read. */
export function explain (score: Score, indicators: readonly Indicator[]): string[] {
  const titles = new Map(indicators.map((indicator) => [indicator.id, indicator.title]))
  return score.contributions.map((contribution: Contribution) =>
    `${contribution.points > 0 ? '+' : ''}${contribution.points} ${titles.get(contribution.indicatorId) ?? contribution.indicatorId}: ${contribution.evidence.join(', ')}`)
}

export const isAlarming = (band: ScoreBand): boolean => band === 'high' || band === 'critical'

/** Every error answer is an RFC 9457 problem; validation problems name each offending field. */
export function describeProblem (problem: Problem): string {
  const fields = (problem.errors ?? []).map((error) => `${error.pointer} ${error.message}`)
  return [`${problem.status} ${problem.title}`, problem.detail, ...fields].filter((line) => line !== undefined).join('; ')
}

/** The operation types and the named types are the same types: a page of reports is a `RedNoticePage`. */
export async function firstPage (client: Client<paths>): Promise<RedNoticePage | RedNoticePseudonymisedPage> {
  const { data, error } = await client.GET('/v1/red-notices', { params: { query: { limit: 50 } } })
  if (error !== undefined) throw new Error(describeProblem(error))
  return data
}

export async function readAssurance (client: Client<paths>, id: string): Promise<Assurance | AssurancePseudonymised> {
  const { data, error } = await client.GET('/v1/assurances/{id}', { params: { path: { id } } })
  if (error !== undefined) throw new Error(describeProblem(error))
  return data
}

export async function subscribe (client: Client<paths>): Promise<Webhook> {
  const { data, error } = await client.POST('/v1/webhooks', { body: subscription })
  if (error !== undefined) throw new Error(describeProblem(error))
  return data
}

export const makeClient = (baseUrl: string, apiKey: string): Client<paths> =>
  createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } })
