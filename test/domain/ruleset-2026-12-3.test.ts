import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, rulesetByVersion, scoreRedNotice } from '../../src/domain/index.ts'
import type { CountryContext, RedNoticeFacts } from '../../src/domain/index.ts'
import { contribution, country, ctx, neutralCountry, redNotice } from './fixtures.ts'

// Ruleset 2026.12.3 (docs/scoring-evaluation.md): each change in isolation, and 2026.12.2 unchanged.
const V3 = rulesetByVersion('2026.12.3')
const V2 = rulesetByVersion('2026.12.2')
if (V3 === undefined || V2 === undefined) throw new Error('rulesets 2026.12.2 and 2026.12.3 must be registered')

const points = (f: RedNoticeFacts, c: CountryContext | null, id: string, rs = V3): number | undefined =>
  contribution(scoreRedNotice(f, ctx(c), rs), id)?.points

describe('2026.12.3 stays registered', () => {
  it('is registered beside 2026.12.2 and is not the current ruleset any more', () => {
    expect(V3.version).toBe('2026.12.3')
    expect(V2.version).toBe('2026.12.2')
    expect(CURRENT_RULESET.version).not.toBe('2026.12.3')
  })
})

describe('(a) a torture risk the European Court of Human Rights found for a whole group', () => {
  const id = 'torture-risk-targeted-person'

  it('gives 20 to a member of the group, whatever the charge and without a targeted profile', () => {
    const uzbek = redNotice({ requestingCountry: 'KG', subject: { ethnicity: 'Uzbek' }, charges: [{ category: 'violent', particulars: 'specific' }] })
    expect(points(uzbek, country('KG'), id)).toBe(20)
    expect(points(uzbek, country('KG'), id, V2)).toBe(12)
    const extremism = redNotice({ requestingCountry: 'TJ', charges: [{ category: 'extremism' }] })
    expect(points(extremism, country('TJ'), id)).toBe(20)
    const anySuspect = redNotice({ requestingCountry: 'TM', charges: [{ category: 'fraud' }] })
    expect(points(anySuspect, country('TM'), id)).toBe(20)
  })

  it('does not fire for a person outside the group, and keeps the 12-point tier for a targeted profile', () => {
    const kyrgyz = redNotice({ requestingCountry: 'KG', subject: { ethnicity: 'Kyrgyz' }, charges: [{ category: 'violent' }] })
    expect(points(kyrgyz, country('KG'), id)).toBeUndefined()
    const fraud = redNotice({ requestingCountry: 'UZ', charges: [{ category: 'fraud' }] })
    expect(points(fraud, country('UZ'), id)).toBeUndefined()
    expect(points({ ...fraud, subject: { profiles: ['journalist'] } }, country('UZ'), id)).toBe(12)
    // A state with no group finding: nothing without a targeted profile.
    expect(points(redNotice({ charges: [{ category: 'extremism' }] }), neutralCountry({ systematicTorture: true }), id)).toBeUndefined()
  })

  it('names the group, the finding and the judgment in words', () => {
    const c = contribution(scoreRedNotice(redNotice({ requestingCountry: 'KG', subject: { ethnicity: 'Uzbek' }, charges: [{ category: 'violent' }] }), ctx(country('KG')), V3), id)
    expect(c?.explanation).toMatch(/ethnic Uzbeks returned to Kyrgyzstan/)
    expect(c?.explanation).toMatch(/49747\/11/)
    expect(c?.explanation).toMatch(/Saadi v\. Italy/)
  })
})

describe('(a) North-Caucasus insurgency suspects sought by Russia (ECtHR, M.G. v. Bulgaria)', () => {
  const id = 'torture-risk-targeted-person'
  const chechen = redNotice({ requestingCountry: 'RU', subject: { ethnicity: 'Chechen' }, charges: [{ category: 'armed_group' }] })

  it('gives 20 to a Chechen, Ingush or Dagestani charged with an armed-group, terrorism or extremism offence', () => {
    expect(points(chechen, country('RU'), id)).toBe(20)
    expect(points({ ...chechen, subject: { ethnicity: 'Ingush' }, charges: [{ category: 'terrorism' }] }, country('RU'), id)).toBe(20)
    expect(contribution(scoreRedNotice(chechen, ctx(country('RU')), V3), id)?.explanation).toMatch(/59297\/12/)
  })

  it('does not fire for another charge, another origin or another state', () => {
    expect(points({ ...chechen, charges: [{ category: 'fraud' }] }, country('RU'), id)).not.toBe(20)
    expect(points({ ...chechen, subject: { ethnicity: 'Tatar' } }, country('RU'), id)).not.toBe(20)
    expect(points({ ...chechen, requestingCountry: 'GE' }, country('GE'), id)).not.toBe(20)
  })
})

describe('(a) group findings of UN human rights bodies and the OSCE Moscow Mechanism weigh 15', () => {
  const id = 'torture-risk-targeted-person'
  const not15 = (f: RedNoticeFacts, code: string): void => { expect(points(f, country(code), id)).not.toBe(15) }

  it('Uyghurs and Kazakhs sought by China (OHCHR Xinjiang assessment, 2022)', () => {
    const uyghur = redNotice({ requestingCountry: 'CN', subject: { ethnicity: 'Uyghur' }, charges: [{ category: 'fraud' }] })
    expect(points(uyghur, country('CN'), id)).toBe(15)
    expect(points({ ...uyghur, subject: { ethnicity: 'Kazakh' } }, country('CN'), id)).toBe(15)
    expect(points({ ...uyghur, subject: { ethnicity: 'Han' } }, country('CN'), id)).toBeUndefined()
    expect(points({ ...uyghur, subject: {} }, country('CN'), id)).toBeUndefined()
    // The finding is about China: an Uyghur sought by another state is not in the group.
    not15({ ...uyghur, requestingCountry: 'KZ' }, 'KZ')
    const c = contribution(scoreRedNotice(uyghur, ctx(country('CN')), V3), id)
    expect(c?.explanation).toMatch(/a United Nations human rights body/)
    expect(c?.explanation).toMatch(/OHCHR Assessment of human rights concerns in the Xinjiang Uyghur Autonomous Region/)
    expect(c?.explanation).toMatch(/https:\/\/www\.ohchr\.org\//)
  })

  it('persons pursued by Belarus for protest or opposition after the 2020 election (A/HRC/49/71)', () => {
    const protest = redNotice({ requestingCountry: 'BY', charges: [{ category: 'assembly_or_protest' }] })
    expect(points(protest, country('BY'), id)).toBe(15)
    const opponent = redNotice({
      requestingCountry: 'BY',
      subject: { profiles: ['journalist'] },
      charges: [{ category: 'economic' }],
      politicalContext: [{ type: 'protest', date: '2020-08-10' }]
    })
    expect(points(opponent, country('BY'), id)).toBe(15)
    // Outside the dated period, without an opposition profile, or a charge of another kind: not the group.
    not15({ ...opponent, politicalContext: [{ type: 'protest', date: '2011-07-03' }] }, 'BY')
    not15({ ...opponent, politicalContext: [{ type: 'protest' }] }, 'BY')
    not15({ ...opponent, subject: { profiles: ['business_person'] } }, 'BY')
    not15(redNotice({ requestingCountry: 'BY', charges: [{ category: 'fraud' }] }), 'BY')
    // The same protest charge from another state is not this finding.
    not15({ ...protest, requestingCountry: 'RU' }, 'RU')
    expect(contribution(scoreRedNotice(protest, ctx(country('BY')), V3), id)?.explanation).toMatch(/A\/HRC\/49\/71/)
  })

  it('LGBTI persons from Chechnya sought by Russia (OSCE Moscow Mechanism, 2018)', () => {
    const lgbti = redNotice({ requestingCountry: 'RU', subject: { ethnicity: 'Chechen', profiles: ['lgbti'] }, charges: [{ category: 'other' }] })
    expect(points(lgbti, country('RU'), id)).toBe(15)
    not15({ ...lgbti, subject: { ethnicity: 'Chechen', profiles: ['business_person'] } }, 'RU')
    not15({ ...lgbti, subject: { ethnicity: 'Russian', profiles: ['lgbti'] } }, 'RU')
    not15({ ...lgbti, requestingCountry: 'KZ' }, 'KZ')
    const c = contribution(scoreRedNotice(lgbti, ctx(country('RU')), V3), id)
    expect(c?.explanation).toMatch(/an OSCE Moscow Mechanism rapporteur/)
    expect(c?.explanation).toMatch(/ODIHR\.GAL\/76\/18/)
  })

  it('persons pursued by Iran for the 2022 "Woman, Life, Freedom" protests (A/HRC/55/67)', () => {
    const protester = redNotice({ requestingCountry: 'IR', charges: [{ category: 'assembly_or_protest' }] })
    expect(points(protester, country('IR'), id)).toBe(15)
    const activist = redNotice({ requestingCountry: 'IR', subject: { profiles: ['activist'] }, charges: [{ category: 'other' }], politicalContext: [{ type: 'protest', date: '2022-10-01' }] })
    expect(points(activist, country('IR'), id)).toBe(15)
    not15({ ...activist, politicalContext: [{ type: 'protest', date: '2019-11-15' }] }, 'IR')
    not15({ ...activist, subject: {} }, 'IR')
    not15(redNotice({ requestingCountry: 'IR', charges: [{ category: 'drugs' }] }), 'IR')
    expect(contribution(scoreRedNotice(protester, ctx(country('IR')), V3), id)?.explanation).toMatch(/A\/HRC\/55\/67/)
  })

  it('opponents, journalists, human rights defenders and protesters sought by Venezuela (A/HRC/45/33)', () => {
    const opponent = redNotice({ requestingCountry: 'VE', subject: { profiles: ['political_opposition'] }, charges: [{ category: 'fraud' }] })
    expect(points(opponent, country('VE'), id)).toBe(15)
    expect(points(redNotice({ requestingCountry: 'VE', charges: [{ category: 'assembly_or_protest' }] }), country('VE'), id)).toBe(15)
    not15({ ...opponent, subject: { profiles: ['business_person'] } }, 'VE')
    not15({ ...opponent, requestingCountry: 'CO' }, 'CO')
    expect(contribution(scoreRedNotice(opponent, ctx(country('VE')), V3), id)?.explanation).toMatch(/A\/HRC\/45\/33/)
  })

  it('leaves 2026.12.2 as it was for the same reports', () => {
    const uyghur = redNotice({ requestingCountry: 'CN', subject: { ethnicity: 'Uyghur' }, charges: [{ category: 'fraud' }] })
    const protest = redNotice({ requestingCountry: 'BY', charges: [{ category: 'assembly_or_protest' }] })
    const lgbti = redNotice({ requestingCountry: 'RU', subject: { ethnicity: 'Chechen', profiles: ['lgbti'] }, charges: [{ category: 'other' }] })
    expect(points(uyghur, country('CN'), id, V2)).toBeUndefined()
    expect(points(protest, country('BY'), id, V2)).toBeUndefined()
    expect(points(lgbti, country('RU'), id, V2)).toBe(12)
  })

  it('prefers a court\'s finding where both could apply (ECtHR groups keep 20)', () => {
    expect(points(redNotice({ requestingCountry: 'UZ', charges: [{ category: 'extremism' }] }), country('UZ'), id)).toBe(20)
  })
})

describe('(b) status, context and timing weigh 25 together, the timing counted once', () => {
  const f = redNotice({
    subject: { profiles: ['political_opposition'] },
    charges: [{ category: 'fraud', chargedOn: '2020-06-01' }],
    politicalContext: [{ type: 'election', date: '2020-01-01' }]
  })
  const pf = neutralCountry({ freedomStatus: 'PF' })

  it('gives 15 for status × context × timing beside 10 for the timing (2026.12.2: 25 + 10)', () => {
    expect(points(f, pf, 'status-context-timing')).toBe(15)
    expect(points(f, pf, 'charges-follow-political-event')).toBe(10)
    expect(points(f, pf, 'status-context-timing', V2)).toBe(25)
  })

  it('keeps 12 for status × context without timing', () => {
    expect(points({ ...f, politicalContext: [] }, pf, 'status-context-timing')).toBe(12)
  })
})

describe('(c) leaving office is a political turn where the courts give no independent check', () => {
  const f = redNotice({
    subject: { profiles: ['former_official'] },
    charges: [{ category: 'abuse_of_office', chargedOn: '2020-06-01' }],
    politicalContext: [{ type: 'left_office', date: '2020-01-01' }]
  })

  it('counts for a former official pursued by a Not Free state or one where torture is systematic', () => {
    expect(points(f, neutralCountry({ freedomStatus: 'NF' }), 'charges-follow-political-event')).toBe(10)
    expect(points(f, neutralCountry({ freedomStatus: 'NF' }), 'status-context-timing')).toBe(15)
    expect(points(f, neutralCountry({ freedomStatus: 'PF', systematicTorture: true }), 'charges-follow-political-event')).toBe(10)
    expect(points(f, neutralCountry({ freedomStatus: 'NF' }), 'charges-follow-political-event', V2)).toBeUndefined()
  })

  it('does not count for a former official of a Partly Free or Free state (2026.12.2 unchanged there)', () => {
    expect(points(f, neutralCountry({ freedomStatus: 'PF' }), 'charges-follow-political-event')).toBeUndefined()
    expect(points(f, neutralCountry({ freedomStatus: 'F' }), 'charges-follow-political-event')).toBeUndefined()
  })
})

describe('(d) a detailed security charge is a mark of transnational repression where courts give no independent check', () => {
  const id = 'targeted-person-repressive-state'
  const f = redNotice({ requestingCountry: 'TR', charges: [{ category: 'armed_group', particulars: 'specific' }] })

  it('counts a detailed armed-group charge from a Not Free state with a transnational repression record', () => {
    const tr = country('TR')
    expect(tr.freedomStatus).toBe('NF')
    expect(points(f, tr, id)).toBe(20)
    expect(points(f, tr, id, V2)).toBeUndefined()
    expect(contribution(scoreRedNotice(f, ctx(tr), V3), id)?.explanation).toMatch(/cannot be relied on to test/)
  })

  it('does not count it where the state is Partly Free or Free and torture is not systematic', () => {
    const tr = country('TR')
    expect(points(f, { ...tr, freedomStatus: 'PF', systematicTorture: null }, id)).toBeUndefined()
    expect(points(f, { ...tr, freedomStatus: 'F', systematicTorture: null }, id)).toBeUndefined()
  })

  it('does not fire for a state without a transnational repression record, nor for other charges', () => {
    expect(points({ ...f, requestingCountry: 'XA' }, neutralCountry({ code: 'XA', freedomStatus: 'NF' }), id)).toBeUndefined()
    expect(points({ ...f, charges: [{ category: 'violent', particulars: 'specific' }] }, country('TR'), id)).toBeUndefined()
  })
})
