import { describe, expect, it } from 'vitest'
import { scoreAssurance, scoreRedNotice } from '../../src/domain/index.ts'
import type { AssuranceFacts, RedNoticeFacts } from '../../src/domain/index.ts'
import { contribution, country, ctx, ids } from './fixtures.ts'

// Built only from facts in docs/domain.md: the charge text is the real Russian notice 2019/114539
// (docs/data/interpol), the German charge paraphrases notice 1993/27493, and country context is the
// default reference data. Dates are illustrative; only their order matters.

const explanations = (r: ReturnType<typeof scoreRedNotice>): string => r.contributions.map(c => c.explanation).join('\n')

describe('(a) Chechen asylum seeker in the EU, Russian red notice for an "illegal armed formation"', () => {
  const base: RedNoticeFacts = {
    mechanism: 'red_notice',
    requestingCountry: 'RU',
    interpolNoticeId: '2019/114539',
    issuedOn: '2019-04-15',
    status: 'active',
    subject: {
      nationalities: ['RU'],
      currentCountry: 'FR',
      ethnicity: 'Chechen',
      religion: 'Muslim',
      profiles: ['ethnic_minority'],
      asylum: { status: 'applied', country: 'FR', since: '2018-10-01' },
      leftRequestingCountryOn: '2018-07-01'
    },
    charges: [{ description: 'Participation in an  illegal armed formation', legalProvision: 'Criminal Code of the Russian Federation, Art. 208', category: 'armed_group' }],
    events: [],
    sources: [{ kind: 'interpol_public' }]
  }

  it('asylum applied in France: critical, for the stated reasons', () => {
    const r = scoreRedNotice(base, ctx(country('RU')))
    expect(['high', 'critical']).toContain(r.band)
    expect(r.band).toBe('critical')
    expect(ids(r)).toEqual(expect.arrayContaining([
      'refugee-or-asylum-seeker', 'vague-security-charge', 'ethnic-or-religious-minority', 'request-after-departure',
      'request-after-asylum-claim', 'requesting-ncb-abuse-record', 'interpol-restrictions', 'outside-echr'
    ]))
    const text = explanations(r)
    expect(text).toMatch(/applied for asylum in France \(FR\)/)
    expect(text).toMatch(/illegal armed formation/)
    expect(text).toMatch(/Art\. 208/)
    expect(text).toMatch(/Chechen/)
    expect(text).toMatch(/left Russia \(RU\) on 2018-07-01/)
    expect(text).toMatch(/refugee policy/)
    expect(text).toMatch(/heightened supervision/i)
    expect(contribution(r, 'specific-violent-crime-accountable-state')).toBeUndefined()
  })

  it('refugee status recognised in Germany: critical, with the refugee policy as the heaviest reason', () => {
    const r = scoreRedNotice({ ...base, subject: { ...base.subject, currentCountry: 'DE', asylum: { status: 'recognized_refugee', country: 'DE', since: '2018-10-01' } } }, ctx(country('RU')))
    expect(r.band).toBe('critical')
    expect(r.score).toBe(100)
    const heaviest = [...r.contributions].sort((x, y) => y.points - x.points)[0]
    expect(heaviest?.indicatorId).toBe('refugee-or-asylum-seeker')
    expect(heaviest?.explanation).toMatch(/confirmed refugee or subsidiary protection status in Germany \(DE\) and the request comes from Russia \(RU\)/)
    expect(contribution(r, 'protection-by-another-state')).toBeDefined()
  })

  it('stays at least high without any country context', () => {
    expect(['high', 'critical']).toContain(scoreRedNotice(base, ctx(null)).band)
  })
})

describe('(b) Russian assurance for a returnee to Chechnya', () => {
  const facts: AssuranceFacts = {
    givingState: 'RU',
    receivingState: 'FR',
    givenBy: { authority: 'Prosecutor General\'s Office', level: 'prosecutor_general' },
    termsDisclosed: false,
    bindsRegionalAuthorities: false,
    monitoring: { mechanism: 'none' }
  }

  it('is unreliable (high or critical) and says why', () => {
    const r = scoreAssurance(facts, { givingState: country('RU') })
    expect(['high', 'critical']).toContain(r.band)
    expect(ids(r)).toEqual([
      'assurance-terms-undisclosed', 'assurance-not-specific', 'assurance-regional-authorities-not-bound', 'assurance-giver-outside-echr',
      'assurance-no-monitoring', 'assurance-torture-treaty-gaps', 'assurance-systematic-torture', 'assurance-rule-of-law-deficit',
      'assurance-othman-combination'
    ])
    // 2026.12.3: terms not shown to be specific count as a defect, so systematic torture, no monitoring and
    // unspecific terms combine at the top tier (Othman §§ 187–189), 30 points, not a small addition.
    expect(r.contributions.find(c => c.indicatorId === 'assurance-othman-combination')?.points).toBe(30)
    const text = r.contributions.map(c => c.explanation).join('\n')
    expect(text).toMatch(/terms of the assurance given by Russia \(RU\) have not been disclosed/)
    expect(text).toMatch(/does not bind regional or local authorities/)
    expect(text).toMatch(/not a party to the ECHR since 2022-09-16/)
    expect(text).toMatch(/No mechanism exists to monitor/)
    expect(text).toMatch(/report does not say that the assurance given by Russia \(RU\) is specific/)
    expect(text).toMatch(/North Caucasus/)
    expect(text).toMatch(/Othman/)
  })
})

describe('(c) German red notice for armed robbery with identified victims', () => {
  const facts: RedNoticeFacts = {
    mechanism: 'red_notice',
    requestingCountry: 'DE',
    interpolNoticeId: '1993/27493',
    status: 'active',
    subject: { nationalities: ['DE'] },
    charges: [{
      description: 'Aggravated robbery of a cash transport; guards threatened with firearms (victims identified in the warrant)',
      legalProvision: 'StGB § 250',
      category: 'violent',
      allegedOffenceDate: '2015-06-06'
    }],
    events: [],
    sources: [{ kind: 'court_document' }, { kind: 'interpol_public' }]
  }

  it('is low, with the mitigation named', () => {
    const r = scoreRedNotice(facts, ctx(country('DE')))
    expect(r.band).toBe('low')
    expect(r.score).toBe(0)
    expect(ids(r)).toEqual(['specific-violent-crime-accountable-state', 'requesting-state-judicial-oversight'])
    expect(r.contributions[0]?.explanation).toMatch(/StGB § 250.*court document.*Germany, an ECHR party rated Free/)
  })
})
