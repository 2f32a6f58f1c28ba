import type { Indicator } from './indicator-types.ts'
import type { SourceRef } from './types.ts'
import { ASSURANCE_INDICATORS } from './indicators-assurance.ts'
import { RED_NOTICE_CONTEXT_INDICATORS } from './indicators-red-notice-context.ts'
import { RED_NOTICE_CASE_INDICATORS } from './indicators-red-notice.ts'
import { SRC } from './sources.ts'

export type { Indicator, IndicatorTier } from './indicator-types.ts'

/** Catalogue order is the order of contributions in every score. Append new indicators; never reorder ids away. */
export const RED_NOTICE_INDICATORS: readonly Indicator[] = [...RED_NOTICE_CASE_INDICATORS, ...RED_NOTICE_CONTEXT_INDICATORS]
export { ASSURANCE_INDICATORS }
export const INDICATORS: readonly Indicator[] = [...RED_NOTICE_INDICATORS, ...ASSURANCE_INDICATORS]

export interface NotScored {
  topic: string
  reason: string
  sources: SourceRef[]
}

// Signs deliberately left out of the score, so the methodology page can say why. Several look reassuring
// but are not: scoring them would let a state launder an abusive request through a formal step.
export const NOT_SCORED: readonly NotScored[] = [
  {
    topic: 'Notice maintained after a CCF review',
    reason: 'Not mitigating. The CCF checks compliance with Interpol rules on the file it is given, is under-resourced, and its decisions admit no court remedy; a maintained notice can still be political (CCF 2018-2 held a notice compliant despite private-matter and in-absentia arguments), and leaked data show Russian notices are overturned more often than any other on later complaints.',
    sources: [SRC.pace14277CcfCritique, SRC.ccf2018_2, SRC.bbcDisclose2026]
  },
  {
    topic: 'Extradition approved by a court, asylum refused',
    reason: 'Not mitigating. Courts and asylum authorities have approved returns that ended in torture (Muradov, France → Russia, 2020); a refusal of asylum does not show the request is ordinary-law.',
    sources: [SRC.muradovCase, SRC.amnesty2024AlArabiya]
  },
  {
    topic: 'Disproportion or triviality of the alleged offence (abuse indicator 5)',
    reason: 'The report has no field for the value at stake or the resources spent; analysts record it in the charge description.',
    sources: [{ citation: 'Fair Trials, Nikita Kulachenkov case study', url: 'https://www.fairtrials.org/articles/case-studies/nikita-kulachenkov/' }]
  },
  {
    topic: 'Alibi or factual impossibility documented by a third state (abuse indicator 17)',
    reason: 'No structured field; a free-text note cannot be read by a deterministic rule without guessing.',
    sources: [{ citation: 'Vayfond on Gerikhanova (SBU confirmed presence in Ukraine)', url: 'https://vayfond.com/en/7193/' }]
  },
  {
    topic: 'No real intention to extradite (abuse indicator 19)',
    reason: 'Absence of an extradition request cannot be told apart from an incomplete report, and the CCF did not find it decisive in 2018-2.',
    sources: [SRC.ccf2018_2]
  }
]

export function indicatorById (id: string): Indicator | undefined {
  return INDICATORS.find(i => i.id === id)
}
