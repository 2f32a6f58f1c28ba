import { describe, expect, it } from 'vitest'
import { scoreRedNotice } from '../../src/domain/index.ts'
import type { RedNoticeFacts, ScoringContext, SubjectFacts } from '../../src/domain/index.ts'
import { contribution, ctx, redNotice } from './fixtures.ts'

const score = (f: RedNoticeFacts, c: ScoringContext = ctx()) => scoreRedNotice(f, c)
const withSubject = (subject: SubjectFacts, more: Partial<RedNoticeFacts> = {}) => redNotice({ requestingCountry: 'RU', subject, ...more })

describe('refugee-or-asylum-seeker', () => {
  it('scores 35 for a recognized refugee in another state and names both states', () => {
    const r = score(withSubject({ nationalities: ['RU'], asylum: { status: 'recognized_refugee', country: 'FR' } }))
    const c = contribution(r, 'refugee-or-asylum-seeker')
    expect(c?.points).toBe(35)
    expect(c?.evidence).toEqual(['/subject/asylum/status=recognized_refugee', '/subject/asylum/country=FR'])
    expect(c?.explanation).toMatch(/FR/)
    expect(c?.explanation).toMatch(/a national of Russia \(RU\)/)
    expect(c?.explanation).toMatch(/refugee policy/)
  })
  it('scores 35 on an asylum_granted event and on subsidiary protection', () => {
    expect(contribution(score(withSubject({}, { events: [{ type: 'asylum_granted', country: 'DE' }] })), 'refugee-or-asylum-seeker')?.points).toBe(35)
    expect(contribution(score(withSubject({ asylum: { status: 'subsidiary_protection' } })), 'refugee-or-asylum-seeker')?.points).toBe(35)
  })
  it('scores 15 for a pending claim, 35 once a grant is also recorded', () => {
    expect(contribution(score(withSubject({ asylum: { status: 'applied', country: 'DE' } })), 'refugee-or-asylum-seeker')?.points).toBe(15)
    const both = score(withSubject({ asylum: { status: 'applied', country: 'DE' } }, { events: [{ type: 'asylum_granted', country: 'DE' }] }))
    expect(contribution(both, 'refugee-or-asylum-seeker')?.points).toBe(35)
  })
  it('ignores protection "granted" by the requesting state itself, and rejected or absent claims', () => {
    expect(contribution(score(withSubject({ asylum: { status: 'recognized_refugee', country: 'RU' } })), 'refugee-or-asylum-seeker')).toBeUndefined()
    expect(contribution(score(withSubject({ asylum: { status: 'applied', country: 'RU' } })), 'refugee-or-asylum-seeker')).toBeUndefined()
    expect(contribution(score(withSubject({ asylum: { status: 'rejected', country: 'FR' } })), 'refugee-or-asylum-seeker')).toBeUndefined()
    expect(contribution(score(withSubject({ asylum: { status: 'none' } })), 'refugee-or-asylum-seeker')).toBeUndefined()
  })
})

describe('protection-by-another-state', () => {
  it('counts naturalisation as protection', () => {
    const r = score(withSubject({ asylum: { status: 'naturalized', country: 'ES' } }))
    expect(contribution(r, 'protection-by-another-state')?.explanation).toMatch(/^Spain \(ES\) granted/)
    expect(contribution(r, 'refugee-or-asylum-seeker')).toBeUndefined()
  })
})

describe('targeted-profile', () => {
  it('fires once however many profiles apply', () => {
    const r = score(withSubject({ profiles: ['journalist', 'human_rights_defender', 'athlete'] }))
    const c = contribution(r, 'targeted-profile')
    expect(c?.points).toBe(20)
    expect(c?.evidence).toEqual(['/subject/profiles=journalist', '/subject/profiles=human_rights_defender'])
    expect(c?.explanation).toMatch(/a journalist and a human-rights defender/)
  })
  it('does not fire for business people alone', () => {
    expect(contribution(score(withSubject({ profiles: ['business_person'] })), 'targeted-profile')).toBeUndefined()
  })
})

describe('relatives-targeted', () => {
  it('collects every source of evidence, including linked reports', () => {
    const r = score(withSubject({ relativesPressured: true, profiles: ['relative_of_targeted_person'] }, { events: [{ type: 'relatives_targeted' }] }), ctx(undefined, { relativesTargeted: 2 }))
    expect(contribution(r, 'relatives-targeted')?.evidence).toEqual([
      '/subject/relativesPressured=true', '/events/0/type=relatives_targeted', '/subject/profiles=relative_of_targeted_person', 'linked/relativesTargeted=2'
    ])
    expect(contribution(r, 'relatives-targeted')?.points).toBe(15)
  })
  it('fires from linked reports alone', () => {
    expect(contribution(score(withSubject({}), ctx(undefined, { relativesTargeted: 1 })), 'relatives-targeted')).toBeDefined()
  })
})

describe('ethnic-or-religious-minority', () => {
  it('recognises groups named in domain.md for the requesting state', () => {
    const c = contribution(score(withSubject({ ethnicity: 'Chechen' })), 'ethnic-or-religious-minority')
    expect(c?.evidence).toEqual(['/subject/ethnicity=Chechen'])
    expect(c?.explanation).toMatch(/Chechen/)
  })
  it('does not treat a group as a minority of another state', () => {
    expect(contribution(score(redNotice({ requestingCountry: 'DE', subject: { ethnicity: 'Chechen' } })), 'ethnic-or-religious-minority')).toBeUndefined()
  })
  it('fires on the minority profiles anywhere', () => {
    expect(contribution(score(redNotice({ subject: { profiles: ['religious_minority'] } })), 'ethnic-or-religious-minority')?.points).toBe(12)
  })
  it('reads religion for Bahrain', () => {
    expect(contribution(score(redNotice({ requestingCountry: 'BH', subject: { religion: 'Shia Muslim' } })), 'ethnic-or-religious-minority')).toBeDefined()
  })
})

describe('prior-ill-treatment', () => {
  it('fires on the subject flag or an ill-treatment event in the requesting state', () => {
    expect(contribution(score(withSubject({ priorIllTreatmentInRequestingCountry: true })), 'prior-ill-treatment')).toBeDefined()
    expect(contribution(score(withSubject({}, { events: [{ type: 'ill_treatment_reported', country: 'RU' }] })), 'prior-ill-treatment')).toBeDefined()
  })
  it('ignores ill-treatment reported in a third country', () => {
    expect(contribution(score(withSubject({}, { events: [{ type: 'ill_treatment_reported', country: 'TR' }] })), 'prior-ill-treatment')).toBeUndefined()
  })
})

describe('request-after-departure', () => {
  // Since 2026.12.8 the indicator needs a sign that the person left as someone the state targets
  // (test/domain/ruleset-2026-12-8.test.ts); a journalist gives one here.
  const targeted = { profiles: ['journalist'] } satisfies SubjectFacts
  it('fires when a request date follows the departure date', () => {
    const r = score(withSubject({ ...targeted, leftRequestingCountryOn: '2019-05-01' }, { issuedOn: '2020-02-10', events: [{ type: 'extradition_requested', date: '2018-01-01' }] }))
    const c = contribution(r, 'request-after-departure')
    expect(c?.evidence).toEqual(['/subject/leftRequestingCountryOn=2019-05-01', '/issuedOn=2020-02-10', '/subject/profiles=journalist'])
    expect(c?.explanation).toMatch(/left Russia \(RU\) on 2019-05-01.*2020-02-10/)
  })
  it('ignores earlier requests and malformed dates', () => {
    expect(contribution(score(withSubject({ ...targeted, leftRequestingCountryOn: '2019-05-01' }, { issuedOn: '2018-12-31' })), 'request-after-departure')).toBeUndefined()
    expect(contribution(score(withSubject({ ...targeted, leftRequestingCountryOn: '2019' }, { issuedOn: '2020-01-01' })), 'request-after-departure')).toBeUndefined()
  })
})

describe('request-after-asylum-claim', () => {
  it('fires when a notice is published after the asylum claim', () => {
    const r = score(withSubject({ asylum: { status: 'applied', country: 'DE', since: '2021-03-01' } }, { events: [{ type: 'notice_published', date: '2021-06-01' }] }))
    expect(contribution(r, 'request-after-asylum-claim')?.evidence).toEqual(['/subject/asylum/since=2021-03-01', '/events/0/date=2021-06-01'])
  })
  it('needs an asylum claim', () => {
    expect(contribution(score(withSubject({ asylum: { status: 'none', since: '2021-03-01' } }, { issuedOn: '2022-01-01' })), 'request-after-asylum-claim')).toBeUndefined()
  })
})
