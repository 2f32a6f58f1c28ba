import { describe, expect, it } from 'vitest'
import { scoreAssurance } from '../../src/domain/index.ts'
import type { AssuranceFacts, CountryContext } from '../../src/domain/index.ts'
import { assurance, contribution, country, neutralCountry } from './fixtures.ts'

const score = (f: Partial<AssuranceFacts>, givingState: CountryContext | null = neutralCountry()) =>
  scoreAssurance(assurance(f), { givingState })

describe.each([
  ['assurance-regional-authorities-not-bound', { bindsRegionalAuthorities: false }, { bindsRegionalAuthorities: true }, 15, '/bindsRegionalAuthorities=false'],
  ['assurance-covers-unlawful-treatment', { treatmentUnlawfulInGivingState: true }, { treatmentUnlawfulInGivingState: false }, 5, '/treatmentUnlawfulInGivingState=true'],
  ['assurance-record-breached', { priorCompliance: 'breached' }, { priorCompliance: 'unknown' }, 15, '/priorCompliance=breached'],
  ['assurance-subject-previously-ill-treated', { subjectPreviouslyIllTreated: true }, { subjectPreviouslyIllTreated: false }, 12, '/subjectPreviouslyIllTreated=true'],
  ['assurance-no-domestic-court-review', { reviewedByDomesticCourt: false }, { reviewedByDomesticCourt: true }, 6, '/reviewedByDomesticCourt=false']
] as Array<[string, Partial<AssuranceFacts>, Partial<AssuranceFacts>, number, string]>)('%s', (id, bad, good, points, evidence) => {
  it('fires on the unfavourable answer', () => {
    expect(contribution(score(bad), id)).toMatchObject({ points, evidence: [evidence] })
  })
  it('is silent on the favourable answer and when unknown', () => {
    expect(contribution(score(good), id)).toBeUndefined()
    expect(contribution(score({}), id)).toBeUndefined()
  })
})

// Since 2026.12.3 a safeguard the report does not show is not credited: half the points of an explicit
// failure, and the explanation says what the report does not say.
describe('assurance-terms-undisclosed', () => {
  it('scores 12 when not disclosed, 6 when the report does not say, nothing when disclosed', () => {
    expect(contribution(score({ termsDisclosed: false }), 'assurance-terms-undisclosed')).toMatchObject({ points: 12, evidence: ['/termsDisclosed=false'] })
    expect(contribution(score({}), 'assurance-terms-undisclosed')).toMatchObject({ points: 6, evidence: ['/termsDisclosed=null'] })
    expect(contribution(score({}), 'assurance-terms-undisclosed')?.explanation).toMatch(/The report does not say that the terms of the assurance given by XA have been disclosed/)
    expect(contribution(score({ termsDisclosed: true }), 'assurance-terms-undisclosed')).toBeUndefined()
  })
})

describe('assurance-not-specific', () => {
  it('terms not stated score 5, below oral and general', () => {
    expect(contribution(score({}), 'assurance-not-specific')?.points).toBe(5)
    expect(contribution(score({}), 'assurance-not-specific')?.explanation).toMatch(/does not say that the assurance given by XA is specific/)
  })
  it('general scores 10, oral alone 6', () => {
    expect(contribution(score({ specificity: 'general', form: 'oral' }), 'assurance-not-specific')?.points).toBe(10)
    expect(contribution(score({ specificity: 'specific', form: 'oral' }), 'assurance-not-specific')?.points).toBe(6)
    expect(contribution(score({ specificity: 'specific', form: 'diplomatic_note' }), 'assurance-not-specific')).toBeUndefined()
  })
})

describe('assurance-giver-lacks-authority', () => {
  it('bindsState false scores 10; an embassy or regional giver 5', () => {
    expect(contribution(score({ bindsState: false }), 'assurance-giver-lacks-authority')?.points).toBe(10)
    expect(contribution(score({ givenBy: { level: 'embassy' } }), 'assurance-giver-lacks-authority')?.points).toBe(5)
    expect(contribution(score({ givenBy: { level: 'prosecutor_general' }, bindsState: true }), 'assurance-giver-lacks-authority')).toBeUndefined()
    expect(contribution(score({ givenBy: { level: 'prosecutor_general' } }), 'assurance-giver-lacks-authority')).toBeUndefined()
  })
  it('neither the level nor the binding stated scores 5', () => {
    expect(contribution(score({}), 'assurance-giver-lacks-authority')?.points).toBe(5)
    expect(contribution(score({ givenBy: { authority: 'Ministry' } }), 'assurance-giver-lacks-authority')?.explanation).toMatch(/does not say at what level/)
  })
})

describe('assurance-no-monitoring and assurance-no-lawyer-access', () => {
  it('grade the monitoring and lawyer access', () => {
    expect(contribution(score({ monitoring: { mechanism: 'none' } }), 'assurance-no-monitoring')?.points).toBe(12)
    expect(contribution(score({ monitoring: { mechanism: 'consular_visits' } }), 'assurance-no-monitoring')?.points).toBe(4)
    expect(contribution(score({ monitoring: { lawyerAccess: 'limited' } }), 'assurance-no-monitoring')).toMatchObject({ points: 6, evidence: ['/monitoring/mechanism=null'] })
    expect(contribution(score({}), 'assurance-no-monitoring')?.explanation).toMatch(/^The report does not say that any body monitors compliance with the assurance\. .*Facts read: monitoring, mechanism: not stated\./)
    expect(contribution(score({ monitoring: { mechanism: 'independent_body' } }), 'assurance-no-monitoring')).toBeUndefined()
    expect(contribution(score({ monitoring: { lawyerAccess: 'none' } }), 'assurance-no-lawyer-access')?.points).toBe(8)
    expect(contribution(score({ monitoring: { lawyerAccess: 'limited' } }), 'assurance-no-lawyer-access')?.points).toBe(4)
  })
})

describe('giving-state context', () => {
  it('Russia: outside the ECHR since 2022, OPCAT gap, systematic torture, Not Free', () => {
    const r = score({ givingState: 'RU' }, country('RU'))
    expect(contribution(r, 'assurance-giver-outside-echr')?.explanation).toMatch(/not a party to the ECHR since 2022-09-16/)
    expect(contribution(r, 'assurance-torture-treaty-gaps')?.points).toBe(3)
    expect(contribution(r, 'assurance-systematic-torture')?.points).toBe(12)
    expect(contribution(r, 'assurance-rule-of-law-deficit')?.points).toBe(4)
  })
  it('a non-CAT party scores the higher treaty tier', () => {
    expect(contribution(score({ givingState: 'IR' }, country('IR')), 'assurance-torture-treaty-gaps')?.points).toBe(6)
  })
  it('no context adds nothing from the giving state', () => {
    const shown: Partial<AssuranceFacts> = { termsDisclosed: true, specificity: 'specific', bindsState: true, monitoring: { mechanism: 'consular_visits' } }
    expect(score(shown, null).contributions.map(c => c.indicatorId)).toEqual(['assurance-no-monitoring'])
  })
})

describe('mitigating assurance indicators', () => {
  it('independent monitoring with unfettered lawyer access subtracts 10', () => {
    expect(contribution(score({ monitoring: { mechanism: 'independent_body', lawyerAccess: 'unfettered' } }), 'assurance-independent-monitoring')?.points).toBe(-10)
    expect(contribution(score({ monitoring: { mechanism: 'independent_body', lawyerAccess: 'limited' } }), 'assurance-independent-monitoring')).toBeUndefined()
  })
  it('a kept record subtracts 5', () => {
    expect(contribution(score({ priorCompliance: 'kept' }), 'assurance-record-kept')?.points).toBe(-5)
  })
  it('the score never goes below 0', () => {
    const r = score({ priorCompliance: 'kept', termsDisclosed: true, specificity: 'specific', bindsState: true, monitoring: { mechanism: 'ngo_access', lawyerAccess: 'unfettered' } })
    expect(r.rawTotal).toBe(-15)
    expect(r.score).toBe(0)
    expect(r.band).toBe('low')
  })
})
