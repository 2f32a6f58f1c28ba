import { describe, expect, it } from 'vitest'
import { scoreRedNotice } from '../../src/domain/index.ts'
import type { Charge, RedNoticeFacts, ScoringContext } from '../../src/domain/index.ts'
import { contribution, ctx, redNotice } from './fixtures.ts'

const score = (f: RedNoticeFacts, c: ScoringContext = ctx()) => scoreRedNotice(f, c)
const charged = (...charges: Charge[]) => redNotice({ charges })
const charge = (category: Charge['category'], more: Partial<Charge> = {}): Charge => ({ description: `a ${category} charge`, category, ...more })

describe('vague-security-charge', () => {
  // docs/disclosure-policy.md: the charge's wording is identifying free text; the explanation names its category.
  it('names the charge by category and legal provision, never by its wording', () => {
    const r = score(charged(charge('armed_group', { description: 'Participation in an  illegal armed formation', legalProvision: 'Russian CC Art. 208' })))
    const c = contribution(r, 'vague-security-charge')
    expect(c?.evidence).toEqual(['/charges/0/category=armed_group'])
    expect(c?.explanation).toMatch(/a charge of category armed group \("Russian CC Art\. 208"\)/)
    expect(c?.explanation).not.toContain('Participation')
  })
  it.each(['terrorism', 'extremism'] as const)('fires for %s', (cat) => {
    expect(contribution(score(charged(charge(cat))), 'vague-security-charge')?.points).toBe(20)
  })
})

describe('expression-charge', () => {
  it.each(['speech', 'insult_or_honour', 'assembly_or_protest'] as const)('fires for %s', (cat) => {
    expect(contribution(score(charged(charge(cat))), 'expression-charge')?.points).toBe(25)
  })
})

describe('military-offence', () => {
  it('fires on a military_service charge or a deserter/draft-evader/objector profile', () => {
    expect(contribution(score(charged(charge('military_service'))), 'military-offence')?.points).toBe(25)
    const r = score(redNotice({ subject: { profiles: ['draft_evader'] } }))
    expect(contribution(r, 'military-offence')?.explanation).toMatch(/draft evader/)
  })
})

describe('economic-charge-with-profile', () => {
  it('needs both an economic charge and a profile', () => {
    expect(contribution(score(charged(charge('fraud'))), 'economic-charge-with-profile')).toBeUndefined()
    expect(contribution(score(redNotice({ subject: { profiles: ['business_person'] } })), 'economic-charge-with-profile')).toBeUndefined()
    const r = score(redNotice({ subject: { profiles: ['journalist'] }, charges: [charge('economic')] }))
    expect(contribution(r, 'economic-charge-with-profile')?.evidence).toEqual(['/charges/0/category=economic', '/subject/profiles=journalist'])
  })
})

describe('private-or-administrative-matter', () => {
  it('fires for private disputes and administrative breaches', () => {
    expect(contribution(score(charged(charge('private_dispute'))), 'private-or-administrative-matter')?.points).toBe(12)
    expect(contribution(score(charged(charge('administrative'))), 'private-or-administrative-matter')).toBeDefined()
  })
})

describe('insufficient-description', () => {
  it('fires for a charge with neither legal provision nor date', () => {
    expect(contribution(score(charged(charge('other'))), 'insufficient-description')?.evidence).toEqual(['/charges/0/legalProvision=null', '/charges/0/particulars=null'])
  })
  it('does not fire when either is given, nor when no charge is recorded', () => {
    expect(contribution(score(charged(charge('other', { legalProvision: 'Art. 1' }))), 'insufficient-description')).toBeUndefined()
    expect(contribution(score(charged(charge('other', { allegedOffenceDate: '2020-01-01' }))), 'insufficient-description')).toBeUndefined()
    expect(contribution(score(redNotice()), 'insufficient-description')).toBeUndefined()
  })
})

describe('prior-notice-deletion', () => {
  it('scores 25 for a deletion on political grounds', () => {
    const r = score(redNotice({ events: [{ type: 'notice_deleted', date: '2019-01-01', grounds: 'political' }] }))
    const c = contribution(r, 'prior-notice-deletion')
    expect(c?.points).toBe(25)
    expect(c?.explanation).toMatch(/deleted by Interpol on political grounds/)
  })
  it('scores 15 for other grounds or a deleted status', () => {
    expect(contribution(score(redNotice({ events: [{ type: 'notice_deleted', grounds: 'procedural' }] })), 'prior-notice-deletion')?.points).toBe(15)
    expect(contribution(score(redNotice({ status: 'deleted' })), 'prior-notice-deletion')?.points).toBe(15)
  })
  it('uses linked reports on the same person', () => {
    expect(contribution(score(redNotice(), ctx(undefined, { priorDeletions: 1 })), 'prior-notice-deletion')?.points).toBe(15)
    expect(contribution(score(redNotice(), ctx(undefined, { priorDeletions: 1, priorProtectiveDeletions: 1 })), 'prior-notice-deletion')?.points).toBe(25)
  })
})

describe('refiled-after-deletion', () => {
  it('fires when a request follows an own deletion', () => {
    const r = score(redNotice({ events: [{ type: 'notice_deleted', date: '2019-01-01' }, { type: 'notice_published', date: '2020-01-01' }] }))
    expect(contribution(r, 'refiled-after-deletion')?.evidence).toEqual(['/events/0/date=2019-01-01', '/events/1/date=2020-01-01'])
  })
  it('fires when the request follows a deletion recorded in another report', () => {
    const r = score(redNotice({ issuedOn: '2021-01-01' }), ctx(undefined, { priorDeletions: 1, priorDeletionDates: ['2020-05-05'] }))
    expect(contribution(r, 'refiled-after-deletion')?.evidence).toEqual(['linked/priorDeletionDates=2020-05-05', '/issuedOn=2021-01-01'])
  })
  it('fires when the state switched channel after a deletion', () => {
    const r = score(redNotice({ mechanism: 'diffusion' }), ctx(undefined, { priorDeletions: 1 }))
    expect(contribution(r, 'refiled-after-deletion')?.explanation).toMatch(/diffusion after a notice deletion/)
  })
  it('does not fire for a request before the deletion', () => {
    expect(contribution(score(redNotice({ issuedOn: '2018-01-01', events: [{ type: 'notice_deleted', date: '2019-01-01' }] })), 'refiled-after-deletion')).toBeUndefined()
  })
})

describe('prior-extradition-refusal', () => {
  it('scores 20 for torture-risk grounds and 8 otherwise', () => {
    const r = score(redNotice({ events: [{ type: 'extradition_refused', country: 'ES', grounds: 'torture_risk' }] }))
    expect(contribution(r, 'prior-extradition-refusal')?.points).toBe(20)
    expect(contribution(r, 'prior-extradition-refusal')?.explanation).toMatch(/refused by Spain \(ES\) on political, torture-risk or refugee grounds/)
    expect(contribution(score(redNotice({ events: [{ type: 'extradition_refused', grounds: 'procedural' }] })), 'prior-extradition-refusal')?.points).toBe(8)
  })
  it('uses protective refusals in linked reports', () => {
    expect(contribution(score(redNotice(), ctx(undefined, { priorProtectiveRefusals: 1 })), 'prior-extradition-refusal')?.points).toBe(20)
  })
})

describe.each([
  ['interim-measures', 'interim_measures', 10],
  ['conviction-in-absentia', 'conviction_in_absentia', 12],
  ['changing-charges', 'charges_changed', 15]
] as const)('%s', (id, type, points) => {
  it(`fires on a ${type} event`, () => {
    const r = score(redNotice({ events: [{ type: 'arrest' }, { type }] }))
    expect(contribution(r, id)).toMatchObject({ points, evidence: [`/events/1/type=${type}`] })
  })
})
