import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CURRENT_RULESET, defaultCountryContext, NO_LINKED_REPORTS, renderContribution, renderContributions, RULESETS,
  scoreAssurance, scoreAssuranceCompact, scoreRedNotice, scoreRedNoticeCompact, type StoredContribution
} from '../../src/domain/index.ts'
import { corpusProblems, loadCorpus, scoreCase, scoreCaseCompact } from '../../eval/lib/corpus.ts'
import { assuranceFacts, redNoticeFacts } from './arbitraries.ts'

// Scores are stored compact (each contribution's fact, not its explanation) and rendered on read: what a
// reader is shown must be exactly what the rules said when they scored.
describe('renderContribution', () => {
  it('gives exactly the explanation runRules gives, for every case of the evaluation corpus under every ruleset', () => {
    const corpus = loadCorpus(undefined, 'all')
    expect(corpusProblems(corpus)).toEqual([])
    let compared = 0
    for (const ruleset of RULESETS) {
      for (const c of corpus) {
        const full = scoreCase(c, ruleset)
        const compact = scoreCaseCompact(c, ruleset)
        expect({ score: compact.score, band: compact.band, rulesetVersion: compact.rulesetVersion }).toEqual({ score: full.score, band: full.band, rulesetVersion: ruleset.version })
        const rendered = compact.contributions.map((stored) => renderContribution(c.kind, ruleset.version, stored))
        expect(rendered, `${ruleset.version} ${c.id}`).toEqual(full.contributions)
        compared += rendered.length
      }
    }
    expect(compared).toBeGreaterThan(1000)
  })

  it('gives exactly the explanation runRules gives for generated reports and assurances', () => {
    fc.assert(fc.property(redNoticeFacts, assuranceFacts, (rn, as) => {
      for (const ruleset of RULESETS) {
        const ctx = { requestingCountry: defaultCountryContext(rn.requestingCountry), linked: NO_LINKED_REPORTS }
        const actx = { givingState: defaultCountryContext(as.givingState) }
        const r = scoreRedNoticeCompact(rn, ctx, ruleset)
        const a = scoreAssuranceCompact(as, actx, ruleset)
        expect(r.contributions.map((s) => renderContribution('red_notice', ruleset.version, s))).toEqual(scoreRedNotice(rn, ctx, ruleset).contributions)
        expect(a.contributions.map((s) => renderContribution('assurance', ruleset.version, s))).toEqual(scoreAssurance(as, actx, ruleset).contributions)
        expect(r.rawTotal).toBe(scoreRedNotice(rn, ctx, ruleset).rawTotal)
      }
    }), { numRuns: 50 })
  })

  it('stores no explanation text: only the fact, evidence, points and indicator', () => {
    const [first] = scoreCaseCompact(loadCorpus()[0]!, CURRENT_RULESET).contributions
    expect(Object.keys(first!).sort()).toEqual(['evidence', 'fact', 'indicatorId', 'points'])
  })
})

describe('renderContributions (a stored score as read)', () => {
  const rn = scoreRedNoticeCompact({ mechanism: 'red_notice', requestingCountry: 'RU', subject: { profiles: ['journalist'] }, charges: [{ category: 'extremism' }], events: [], sources: [] },
    { requestingCountry: defaultCountryContext('RU'), linked: NO_LINKED_REPORTS })

  it('renders compact contributions under the score\'s own ruleset', () => {
    const older = RULESETS[0]!
    const stored = JSON.parse(JSON.stringify(rn.contributions)) as unknown
    expect(renderContributions('red_notice', older.version, stored)).toEqual(rn.contributions.map((c) => renderContribution('red_notice', older.version, c)))
  })

  it('passes through a contribution stored with its explanation (scores written before compact storage)', () => {
    const legacy = [{ indicatorId: 'test-a', points: 3, evidence: ['/x=1'], explanation: 'As written then.' }]
    expect(renderContributions('red_notice', 'r1', legacy)).toEqual(legacy)
    expect(renderContributions('red_notice', CURRENT_RULESET.version, [...legacy, ...rn.contributions]).map((c) => c.explanation))
      .toEqual(['As written then.', ...rn.contributions.map((c) => renderContribution('red_notice', CURRENT_RULESET.version, c).explanation)])
  })

  it('does not fail on an unknown ruleset version: the nearest known indicator text, the score\'s own fact and evidence', () => {
    const stored = rn.contributions[0]!
    const rendered = renderContribution('red_notice', '2999.1.1', stored)
    expect(rendered).toEqual(renderContribution('red_notice', CURRENT_RULESET.version, stored))
    const unknown: StoredContribution = { indicatorId: 'no-such-indicator', points: 4, evidence: ['/subject/profiles/0=journalist'], fact: 'A fact.' }
    const bare = renderContribution('red_notice', '2999.1.1', unknown)
    expect(bare.explanation).toMatch(/^A fact\. Facts read: .+\.$/)
    expect(bare).toMatchObject({ indicatorId: 'no-such-indicator', points: 4, evidence: unknown.evidence })
  })

  it('reads anything but an array as no contributions', () => {
    expect(renderContributions('assurance', CURRENT_RULESET.version, null)).toEqual([])
  })
})
