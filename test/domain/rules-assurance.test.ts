import { describe, expect, it } from 'vitest'
import { scoreAssurance } from '../../src/domain/index.ts'
import type { AssuranceFacts, CountryContext } from '../../src/domain/index.ts'
import { assurance, contribution, country, neutralCountry } from './fixtures.ts'

const score = (f: Partial<AssuranceFacts>, givingState: CountryContext | null = neutralCountry()) =>
  scoreAssurance(assurance(f), { givingState })

describe.each([
  ['assurance-terms-undisclosed', { termsDisclosed: false }, { termsDisclosed: true }, 12, '/termsDisclosed=false'],
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

describe('assurance-not-specific', () => {
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
  })
})

describe('assurance-no-monitoring and assurance-no-lawyer-access', () => {
  it('grade the monitoring and lawyer access', () => {
    expect(contribution(score({ monitoring: { mechanism: 'none' } }), 'assurance-no-monitoring')?.points).toBe(12)
    expect(contribution(score({ monitoring: { mechanism: 'consular_visits' } }), 'assurance-no-monitoring')?.points).toBe(4)
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
  it('no context adds nothing', () => {
    expect(score({}, null).contributions).toEqual([])
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
    const r = score({ priorCompliance: 'kept', monitoring: { mechanism: 'ngo_access', lawyerAccess: 'unfettered' } })
    expect(r.rawTotal).toBe(-15)
    expect(r.score).toBe(0)
    expect(r.band).toBe('low')
  })
})
