import { describe, expect, it } from 'vitest'
import { RULESETS, scoreAssurance, scoreRedNotice } from '../../src/domain/index.ts'
import type { ScoreResult } from '../../src/domain/index.ts'
import { assurance, contribution, ctx, neutralCountry, redNotice } from './fixtures.ts'

// Lawyers quote an explanation's "Sources: …" in court, so the (at most two) sources it shows must support
// what the indicator says: the primary document first where the catalogue has one. These pin the shown
// sources of indicators that once showed a secondary or unrelated one, under every ruleset.

/** The sources an explanation shows, as the lawyer reads them. */
function shownSources (result: ScoreResult, id: string): string {
  const c = contribution(result, id)
  expect(c, `${id} fires`).toBeDefined()
  const sources = c?.explanation.split(' Sources: ')[1]
  expect(sources, `${id} shows sources`).toBeDefined()
  return sources ?? ''
}

const OTHMAN = /^Othman \(Abu Qatada\) v\. the United Kingdom, §§ 187–189 .*\(European Court of Human Rights, 2012-01-17\), ECtHR, no\. 8139\/09/

// A state outside the Convention, party to CAT but not to OPCAT, rated Not Free, with torture systematic.
const givingState = neutralCountry({ echrParty: false, catParty: true, opcatParty: false, freedomStatus: 'NF', systematicTorture: true })
const failingAssurance = assurance({
  termsDisclosed: false,
  specificity: 'general',
  bindsState: false,
  bindsRegionalAuthorities: false,
  treatmentUnlawfulInGivingState: true,
  monitoring: { mechanism: 'none', lawyerAccess: 'none' },
  priorCompliance: 'breached',
  subjectPreviouslyIllTreated: true,
  reviewedByDomesticCourt: false
})

describe('the sources an explanation shows support its indicator', () => {
  for (const ruleset of RULESETS) {
    describe(ruleset.version, () => {
      const a = scoreAssurance(failingAssurance, { givingState }, ruleset)

      it('every Othman factor shows the judgment itself first', () => {
        const factors = a.contributions.filter(c => ruleset.assurance.catalogue.find(i => i.id === c.indicatorId)?.basis.startsWith('Othman factor') === true)
        expect(factors.length).toBeGreaterThanOrEqual(12)
        for (const c of factors) expect(c.explanation.split(' Sources: ')[1], c.indicatorId).toMatch(OTHMAN)
      })

      it('no monitoring: Othman and Agiza v. Sweden, not a news item on the Ablyazov extradition', () => {
        const sources = shownSources(a, 'assurance-no-monitoring')
        expect(sources).toMatch(OTHMAN)
        expect(sources).toContain('Agiza v. Sweden')
        expect(sources).toContain('CAT/C/34/D/233/2003')
        expect(sources).not.toMatch(/Ablyazov|Times of Central Asia/)
      })

      it('regional authorities not bound: Othman and Chahal § 105 (security forces beyond the central government\'s good faith)', () => {
        const sources = shownSources(a, 'assurance-regional-authorities-not-bound')
        expect(sources).toMatch(OTHMAN)
        expect(sources).toContain('Chahal v. the United Kingdom, § 105')
      })

      it('assurance restating the law: Othman and Saadi §§ 147–148 (domestic law not sufficient in itself)', () => {
        expect(shownSources(a, 'assurance-covers-unlawful-treatment')).toContain('Saadi v. Italy [GC], §§ 147–148')
      })

      it('breached record: Othman and Agiza, not a case where no assurance is confirmed', () => {
        const sources = shownSources(a, 'assurance-record-breached')
        expect(sources).toContain('Agiza v. Sweden')
        expect(sources).not.toContain('Muradov')
      })

      it('outside CAT or OPCAT: Othman and the Optional Protocol itself', () => {
        expect(shownSources(a, 'assurance-torture-treaty-gaps')).toContain('Optional Protocol to the Convention against Torture')
      })

      it('red notice: OPCAT for treaty gaps, forced military service for military offences, Othman for prior ill-treatment', () => {
        const r = scoreRedNotice(redNotice({
          charges: [{ category: 'military_service' }],
          subject: { priorIllTreatmentInRequestingCountry: true }
        }), ctx(neutralCountry({ catParty: true, opcatParty: false })), ruleset)
        expect(shownSources(r, 'torture-treaty-gaps')).toMatch(/^Optional Protocol to the Convention against Torture.*UN Doc\. A\/RES\/57\/199/)
        expect(shownSources(r, 'military-offence')).toContain('forced military service')
        expect(shownSources(r, 'prior-ill-treatment')).toMatch(OTHMAN)
      })
    })
  }
})
