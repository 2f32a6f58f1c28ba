import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  listIndicators, listNotScored, NO_LINKED_REPORTS, RULESETS, defaultCountryContext, scoreAssurance, scoreRedNotice,
  type SourceRef
} from '../../src/domain/index.ts'
import { corpusProblems, loadCorpus, scoreCase } from '../../eval/lib/corpus.ts'
import { factInWords } from '../../src/domain/evidence-words.ts'
import { CHARGE_CATEGORIES, EVENT_TYPES, POLITICAL_CONTEXT_TYPES, PROFILES } from '../../src/domain/vocabulary.ts'
import { assuranceFacts, redNoticeFacts } from './arbitraries.ts'

// Explanations and the published catalogue are quoted by lawyers: no internal references, every shown
// source citable (a title, a publisher, a date and a link or an official reference), no JSON pointer without words.
const INTERNAL = [/domain\.md/i, /\[unverified\]/i, /\bsrc\//, /\bdocs\//, /\.tsx?\b/, /guilsuper|goods-mvp/i, /\bgithub\.com\//i]

function internalReferences (text: string): string[] {
  return INTERNAL.filter(re => re.test(text)).map(re => `${re} in: ${text.slice(0, 160)}`)
}

function citable (s: SourceRef): boolean {
  return (s.title ?? '').length > 3 && (s.publisher ?? '').trim() !== '' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(s.date ?? '') &&
    (s.url !== undefined || s.reference !== undefined) && s.unverified !== true
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
    const judgment = { citation: 'x', title: 'A judgment', publisher: 'European Court of Human Rights', date: '2012-01-17', reference: 'no. 8139/09' }
    expect(citable(judgment)).toBe(true)
    expect(citable({ ...judgment, date: '2012' })).toBe(true)
    expect(citable({ ...judgment, date: '2012-01' })).toBe(true)
    expect(citable({ ...judgment, publisher: undefined })).toBe(false)
    expect(citable({ ...judgment, publisher: ' ' })).toBe(false)
    expect(citable({ ...judgment, date: undefined })).toBe(false)
    expect(citable({ ...judgment, date: '17 Jan 2012' })).toBe(false)
    expect(citable({ ...judgment, date: '2012-1' })).toBe(false)
    expect(citable({ ...judgment, unverified: true })).toBe(false)
  })
})

/**
 * What a lawyer would have to translate in an explanation's own words (its sources aside, and the partner's
 * text it quotes): a state named only by its code, a vocabulary code, "a" before a vowel.
 */
function untranslated (explanation: string): string[] {
  const words = (explanation.split(' Sources: ')[0] ?? '').replace(/"[^"]*"/g, '""')
  const codes = [...words.matchAll(/(?<![(\w/])[A-Z]{2}(?![\w)/])/g)].map(m => m[0]).filter(code => defaultCountryContext(code) !== null)
  const vocabulary = [...words.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)].map(m => m[0])
  const articles = [...words.matchAll(/\ba (?:[aeio]\w*)/g)].map(m => m[0])
  return [...codes, ...vocabulary, ...articles].map(x => `"${x}" in: ${words.slice(0, 160)}`)
}

describe('explanations are fit to quote', () => {
  const check = (explanation: string, evidence: string[]): string[] => [
    ...internalReferences(explanation),
    ...untranslated(explanation),
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

  it('every hold-out case too, under every ruleset: states by name and code, vocabulary in words', () => {
    const holdouts = loadCorpus(undefined, 'all').filter(c => c.split !== undefined)
    for (const ruleset of RULESETS) {
      expect(holdouts.flatMap(c => scoreCase(c, ruleset).contributions.flatMap(x => untranslated(x.explanation)))).toEqual([])
    }
  })

  it('puts a fact sentence in words, leaving the partner\'s quoted text as written', () => {
    expect(factInWords('The subject has applied for asylum in FR and the request comes from RU.'))
      .toBe('The subject has applied for asylum in France (FR) and the request comes from Russia (RU).')
    expect(factInWords('sent by RU\'s NCB itself')).toBe('sent by the NCB of Russia (RU) itself')
    expect(factInWords('left Belarus (BY) on 2020-08-01')).toBe('left Belarus (BY) on 2020-08-01')
    expect(factInWords('a charge of category abuse_of_office, 18 month(s) after a election')).toBe('a charge of category abuse of office, 18 month(s) after an election')
    expect(factInWords('charged with "membership of IS" by TR; the UN Committee')).toBe('charged with "membership of IS" by Turkey (TR); the UN Committee')
    expect(factInWords('a protest, a change of government')).toBe('a protest, a change of government')
    // Facts stored before the events had their own phrases, and states whose names take "the".
    expect(factInWords('charge 1 brought on 1998-01-01, 3 month(s) after a left office on 1997-10-10'))
      .toBe('charge 1 brought on 1998-01-01, 3 month(s) after leaving office on 1997-10-10')
    expect(factInWords('GB granted the subject protection; asylum in NL, not in the US.'))
      .toBe('The United Kingdom (GB) granted the subject protection; asylum in the Netherlands (NL), not in the United States (US).')
    expect(untranslated('Requested by RU for a charge of category armed_group after a election. Sources: x (RU)')).toHaveLength(3)
  })

  it('reads every vocabulary code of a red notice in words', () => {
    for (const code of [...CHARGE_CATEGORIES, ...EVENT_TYPES, ...POLITICAL_CONTEXT_TYPES, ...PROFILES]) {
      expect(factInWords(`a ${code}.`)).toBe(`${/^[aeio]/.test(code) ? 'an' : 'a'} ${code.replaceAll('_', ' ')}.`)
    }
  })

  it('names countries in words as well as codes', () => {
    const r = scoreRedNotice({ mechanism: 'red_notice', requestingCountry: 'RU', subject: {}, charges: [], events: [], sources: [] },
      { requestingCountry: defaultCountryContext('RU'), linked: NO_LINKED_REPORTS })
    expect(r.contributions.map(c => c.explanation).join(' ')).toMatch(/Russia[^.]*\(RU\)/)
  })
})
