import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  listIndicators, listNotScored, NO_LINKED_REPORTS, RULESETS, defaultCountryContext, scoreAssurance, scoreRedNotice,
  type SourceRef
} from '../../src/domain/index.ts'
import { corpusProblems, loadCorpus, scoreCase } from '../../eval/lib/corpus.ts'
import { assuranceFacts, redNoticeFacts } from './arbitraries.ts'

// Explanations and the published catalogue are quoted by lawyers: no internal references, every shown
// source citable (a title and a link or an official reference), no JSON pointer without words.
const INTERNAL = [/domain\.md/i, /\[unverified\]/i, /\bsrc\//, /\bdocs\//, /\.tsx?\b/, /guilsuper|goods-mvp/i, /\bgithub\.com\//i]

function internalReferences (text: string): string[] {
  return INTERNAL.filter(re => re.test(text)).map(re => `${re} in: ${text.slice(0, 160)}`)
}

function citable (s: SourceRef): boolean {
  return (s.title ?? '').length > 3 && (s.url !== undefined || s.reference !== undefined) && s.unverified !== true
}

describe('the published catalogue is fit to quote', () => {
  for (const ruleset of RULESETS) {
    it(`${ruleset.version}: no internal reference and every published source citable`, () => {
      const published = listIndicators(undefined, ruleset)
      const problems = published.flatMap(i => [
        ...internalReferences([i.title, i.description, i.weightRationale, i.basis, ...(i.tiers ?? []).map(t => t.when)].join(' | ')),
        ...i.sources.flatMap(s => citable(s) ? internalReferences(JSON.stringify(s)) : [`${i.id}: source not citable: ${s.citation}`])
      ])
      expect(problems).toEqual([])
      expect(published.every(i => i.sources.length > 0), 'every indicator keeps at least one citable source').toBe(true)
    })
  }

  it('the not-scored list carries no internal reference', () => {
    expect(listNotScored().flatMap(n => internalReferences(`${n.topic} ${n.reason}`))).toEqual([])
  })

  it('detects what it is meant to detect', () => {
    expect(internalReferences('see domain.md §3')).toHaveLength(1)
    expect(internalReferences('Othman [unverified]')).toHaveLength(1)
    expect(citable({ citation: 'x', title: 'A judgment' })).toBe(false)
    expect(citable({ citation: 'x', title: 'A judgment', reference: 'no. 8139/09' })).toBe(true)
  })
})

describe('explanations are fit to quote', () => {
  const check = (explanation: string, evidence: string[]): string[] => [
    ...internalReferences(explanation),
    ...(/Facts read: [^.]*[a-z]/.test(explanation) ? [] : [`no facts in words: ${explanation.slice(0, 120)}`]),
    ...(evidence.length > 0 ? [] : ['no evidence'])
  ]

  it('for every case of the evaluation corpus, under every ruleset', () => {
    const corpus = loadCorpus()
    expect(corpusProblems(corpus)).toEqual([])
    for (const ruleset of RULESETS) {
      const problems = corpus.flatMap(c => scoreCase(c, ruleset).contributions.flatMap(x => check(x.explanation, x.evidence)))
      expect(problems).toEqual([])
    }
  })

  it('for generated reports and assurances', () => {
    fc.assert(fc.property(redNoticeFacts, assuranceFacts, (rn, as) => {
      for (const ruleset of RULESETS) {
        const r = scoreRedNotice(rn, { requestingCountry: defaultCountryContext(rn.requestingCountry), linked: NO_LINKED_REPORTS }, ruleset)
        const a = scoreAssurance(as, { givingState: defaultCountryContext(as.givingState) }, ruleset)
        expect([...r.contributions, ...a.contributions].flatMap(x => check(x.explanation, x.evidence))).toEqual([])
      }
    }), { numRuns: 150 })
  })

  it('names countries in words as well as codes', () => {
    const r = scoreRedNotice({ mechanism: 'red_notice', requestingCountry: 'RU', subject: {}, charges: [], events: [], sources: [] },
      { requestingCountry: defaultCountryContext('RU'), linked: NO_LINKED_REPORTS })
    expect(r.contributions.map(c => c.explanation).join(' ')).toMatch(/Russia[^.]*\(RU\)/)
  })
})
