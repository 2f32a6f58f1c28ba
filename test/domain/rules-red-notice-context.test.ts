import { describe, expect, it } from 'vitest'
import { scoreRedNotice } from '../../src/domain/index.ts'
import type { Mechanism } from '../../src/domain/index.ts'
import { contribution, country, ctx, ids, neutralCountry, redNotice } from './fixtures.ts'

describe('mechanism-without-interpol-review', () => {
  it.each([
    ['diffusion', 5], ['wanted_list', 8], ['deportation', 8], ['entry_refusal', 8]
  ] as Array<[Mechanism, number]>)('%s scores %i', (mechanism, points) => {
    const c = contribution(scoreRedNotice(redNotice({ mechanism }), ctx()), 'mechanism-without-interpol-review')
    expect(c?.points).toBe(points)
    expect(c?.evidence).toEqual([`/mechanism=${mechanism}`])
  })
  it.each(['red_notice', 'extradition_request'] as Mechanism[])('%s does not score', (mechanism) => {
    expect(contribution(scoreRedNotice(redNotice({ mechanism }), ctx()), 'mechanism-without-interpol-review')).toBeUndefined()
  })
})

describe('country priors', () => {
  it('Russia: every prior fires and together they stay below elevated', () => {
    const r = scoreRedNotice(redNotice({ requestingCountry: 'RU' }), ctx(country('RU')))
    expect(ids(r)).toEqual([
      'requesting-ncb-abuse-record', 'interpol-restrictions', 'rule-of-law-deficit', 'outside-echr', 'torture-treaty-gaps', 'systematic-torture'
    ])
    expect(r.rawTotal).toBe(23)
    expect(r.band).toBe('low')
    expect(contribution(r, 'outside-echr')?.evidence).toEqual(['countries/RU/echrParty=false', 'countries/RU/echrLeftOn=2022-09-16'])
    expect(contribution(r, 'interpol-restrictions')?.explanation).toMatch(/10 March 2022/)
    expect(contribution(r, 'torture-treaty-gaps')?.points).toBe(1)
  })
  it('Iran: not a CAT party scores the higher tier', () => {
    const r = scoreRedNotice(redNotice({ requestingCountry: 'IR' }), ctx(country('IR')))
    expect(contribution(r, 'torture-treaty-gaps')?.points).toBe(2)
    expect(contribution(r, 'requesting-ncb-abuse-record')).toBeDefined()
  })
  it('Partly Free scores the lower tier of rule-of-law-deficit', () => {
    const r = scoreRedNotice(redNotice(), ctx(neutralCountry({ freedomStatus: 'PF', freedomScore: 50, freedomYear: 2022 })))
    expect(contribution(r, 'rule-of-law-deficit')).toMatchObject({ points: 3, evidence: ['countries/XA/freedomStatus=PF', 'countries/XA/freedomScore=50'] })
  })
  it('unknown treaty status and unknown country add nothing', () => {
    expect(scoreRedNotice(redNotice(), ctx(neutralCountry())).contributions).toEqual([])
    expect(scoreRedNotice(redNotice(), ctx(null)).contributions).toEqual([])
  })
  it('Germany adds no prior; since 2026.12.1 its judicial oversight counts the other way', () => {
    const r = scoreRedNotice(redNotice({ requestingCountry: 'DE' }), ctx(country('DE')))
    expect(r.contributions.map(c => [c.indicatorId, c.points])).toEqual([['requesting-state-judicial-oversight', -10]])
    expect(r.score).toBe(0)
  })
})

describe('specific-violent-crime-accountable-state', () => {
  const facts = redNotice({
    requestingCountry: 'DE',
    charges: [{ description: 'Armed robbery', category: 'violent', legalProvision: 'StGB § 250' }],
    sources: [{ kind: 'media' }, { kind: 'court_document' }]
  })
  it('subtracts 20 with charge, court document and an ECHR Free state', () => {
    const c = contribution(scoreRedNotice(facts, ctx(country('DE'))), 'specific-violent-crime-accountable-state')
    expect(c?.points).toBe(-20)
    expect(c?.evidence).toEqual([
      '/charges/0/category=violent', '/charges/0/legalProvision=StGB § 250', '/sources/1/kind=court_document',
      'countries/DE/echrParty=true', 'countries/DE/freedomStatus=F'
    ])
  })
  it('needs every one of its own conditions', () => {
    const none = (f: typeof facts, c = ctx(country('DE'))) =>
      contribution(scoreRedNotice(f, c), 'specific-violent-crime-accountable-state')
    expect(none(facts, ctx(country('TR')))).toBeUndefined() // ECHR party but Not Free
    expect(none(facts, ctx(country('US')))).toBeUndefined() // Free but outside the ECHR
    expect(none({ ...facts, sources: [{ kind: 'media' }] })).toBeUndefined()
    expect(none({ ...facts, charges: [{ description: 'Armed robbery', category: 'violent' }] })).toBeUndefined()
    expect(none({ ...facts, charges: [{ description: 'Fraud', category: 'fraud', legalProvision: 'x' }] })).toBeUndefined()
  })
  it('is not switched off by an aggravating fact: both count', () => {
    const r = scoreRedNotice({ ...facts, subject: { profiles: ['journalist'] } }, ctx(country('DE')))
    expect(contribution(r, 'specific-violent-crime-accountable-state')?.points).toBe(-20)
    expect(contribution(r, 'targeted-profile')?.points).toBe(20)
    expect(contribution(r, 'requesting-state-judicial-oversight')?.points).toBe(-10)
    expect(r.rawTotal).toBe(-10)
  })
})
