import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, RULESETS } from '../../src/domain/index.ts'
import { evaluate, onRightSide, rocAuc, topContributions, type ScoredCase } from '../../src/domain/evaluation.ts'
import { corpusProblems, loadCorpus, scoreCase, type CorpusCase, type CorpusSplit } from '../../eval/lib/corpus.ts'

const c = (id: string, kind: ScoredCase['kind'], label: ScoredCase['label'], score: number, band: ScoredCase['band']): ScoredCase =>
  ({ id, kind, label, score, band, contributions: [{ indicatorId: 'x', points: score, evidence: [], explanation: '' }] })

describe('evaluation metrics', () => {
  it('ROC AUC is the share of positive–negative pairs ordered right, ties counting one half', () => {
    expect(rocAuc([{ score: 3, positive: true }, { score: 1, positive: false }])).toBe(1)
    expect(rocAuc([{ score: 1, positive: true }, { score: 3, positive: false }])).toBe(0)
    // pairs: (5,4) win, (5,5) tie, (2,4) loss, (2,5) loss → 1.5 / 4
    expect(rocAuc([{ score: 5, positive: true }, { score: 2, positive: true }, { score: 4, positive: false }, { score: 5, positive: false }])).toBe(0.375)
    expect(rocAuc([{ score: 5, positive: true }])).toBeNull()
  })

  it('counts flagged cases, the confusion table, assurance accuracy and the misclassified', () => {
    const m = evaluate([
      c('a1', 'red_notice', 'abuse', 80, 'critical'), c('a2', 'red_notice', 'abuse', 30, 'elevated'),
      c('l1', 'red_notice', 'legitimate', 55, 'high'), c('l2', 'red_notice', 'legitimate', 10, 'low'),
      c('u1', 'assurance', 'unreliable', 60, 'high'), c('r1', 'assurance', 'reliable', 20, 'low'), c('r2', 'assurance', 'reliable', 70, 'high')
    ])
    expect(m.redNotices.abuseFlagged).toEqual({ count: 1, of: 2, share: 0.5 })
    expect(m.redNotices.legitimateFlagged).toEqual({ count: 1, of: 2, share: 0.5 })
    expect(m.redNotices.legitimateFlaggedIds).toEqual(['l1'])
    expect(m.redNotices.auc).toBe(0.75) // (80>55, 80>10, 30<55, 30>10) = 3/4
    expect(m.assurances.accuracy).toEqual({ count: 2, of: 3, share: 2 / 3 })
    expect(m.confusion.abuse).toEqual({ low: 0, elevated: 1, high: 0, critical: 1 })
    expect(m.confusion.reliable).toEqual({ low: 1, elevated: 0, high: 1, critical: 0 })
    expect(m.misclassified.map(x => x.id)).toEqual(['a2', 'l1', 'r2'])
  })

  it('puts elevated on the legitimate side and high on the abuse side', () => {
    expect(onRightSide({ label: 'abuse', band: 'high' })).toBe(true)
    expect(onRightSide({ label: 'abuse', band: 'elevated' })).toBe(false)
    expect(onRightSide({ label: 'reliable', band: 'elevated' })).toBe(true)
    expect(onRightSide({ label: 'unreliable', band: 'critical' })).toBe(true)
  })

  it('ranks top contributions by magnitude, mitigating ones included', () => {
    const top = topContributions([
      { indicatorId: 'a', points: 5, evidence: [], explanation: '' },
      { indicatorId: 'b', points: -30, evidence: [], explanation: '' },
      { indicatorId: 'c', points: 10, evidence: [], explanation: '' }
    ], 2)
    expect(top.map(t => t.indicatorId)).toEqual(['b', 'c'])
  })
})

describe('the evaluation corpus', () => {
  const corpus = loadCorpus()

  it('validates: every case is a valid API body with its citations and a label of its kind', () => {
    expect(corpus.length).toBeGreaterThan(0)
    expect(corpusProblems(corpus)).toEqual([])
  })

  it('reports a case whose facts the API would reject, naming the field', () => {
    const bad = { ...corpus.find(x => x.kind === 'red_notice'), id: 'bad', facts: { mechanism: 'fax', requestingCountry: 'RU', subject: { fullName: 'Subject X' } } } as CorpusCase
    expect(corpusProblems([bad])[0]).toMatch(/bad: facts\/mechanism/)
  })

  it.each(RULESETS.map(r => [r.version, r] as const))('scores every case under %s', (_v, ruleset) => {
    const scored = corpus.map(x => scoreCase(x, ruleset))
    for (const s of scored) {
      expect(s.score).toBeGreaterThanOrEqual(0)
      expect(s.score).toBeLessThanOrEqual(100)
    }
    const m = evaluate(scored)
    expect(m.redNotices.cases + m.assurances.cases).toBe(corpus.length)
  })

  it('keeps the blind hold-out out of the main corpus and validates it on its own', () => {
    const holdout = loadCorpus(undefined, 'holdout')
    expect(holdout.length).toBeGreaterThan(0)
    expect(holdout.every(x => x.split === 'holdout' && x.file === 'holdout.json')).toBe(true)
    expect(corpus.some(x => x.split === 'holdout' || x.file === 'holdout.json')).toBe(false)
    expect(corpusProblems(holdout)).toEqual([])
  })

  it('keeps the second hold-out out of the main corpus and out of the first hold-out', () => {
    const holdout = loadCorpus(undefined, 'holdout')
    const holdout2 = loadCorpus(undefined, 'holdout2')
    expect(holdout2.length).toBeGreaterThan(0)
    expect(holdout2.every(x => x.split === 'holdout2' && x.file === 'holdout-2.json')).toBe(true)
    expect(corpus.some(x => x.split === 'holdout2' || x.file === 'holdout-2.json')).toBe(false)
    expect(holdout.some(x => x.split === 'holdout2' || x.file === 'holdout-2.json')).toBe(false)
    expect(loadCorpus(undefined, 'all').length).toBe(corpus.length + holdout.length + holdout2.length +
      loadCorpus(undefined, 'holdout3').length + loadCorpus(undefined, 'holdout4').length + loadCorpus(undefined, 'holdout5').length +
      loadCorpus(undefined, 'holdout6').length + loadCorpus(undefined, 'holdout7').length + loadCorpus(undefined, 'holdout8').length +
      loadCorpus(undefined, 'holdout9').length + loadCorpus(undefined, 'holdout10').length + loadCorpus(undefined, 'holdout11').length +
      loadCorpus(undefined, 'holdout12').length)
    expect(corpusProblems(holdout2)).toEqual([])
  })

  // Each later hold-out, against the main corpus and every hold-out before it.
  const LATER_HOLDOUTS = [['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6], ['seventh', 7], ['eighth', 8], ['ninth', 9], ['tenth', 10], ['eleventh', 11], ['twelfth', 12]] as const
  it.each(LATER_HOLDOUTS)('keeps the %s hold-out out of the main corpus and out of the other hold-outs', (_name, n) => {
    const split = `holdout${n}` as CorpusSplit
    const file = `holdout-${n}.json`
    const holdout = loadCorpus(undefined, split)
    expect(holdout.length).toBeGreaterThan(0)
    expect(holdout.every(x => x.split === split && x.file === file)).toBe(true)
    const earlier = [corpus, loadCorpus(undefined, 'holdout'), ...Array.from({ length: n - 2 }, (_, i) => loadCorpus(undefined, `holdout${i + 2}` as CorpusSplit))]
    for (const other of earlier) {
      expect(other.some(x => x.split === split || x.file === file)).toBe(false)
    }
    expect(corpusProblems(holdout)).toEqual([])
  })

  it('reports a case whose split is unknown', () => {
    const bad = { ...corpus[0], id: 'bad-split', split: 'dev' } as unknown as CorpusCase
    expect(corpusProblems([bad])).toEqual(['abuse.json bad-split: unknown split dev'])
  })

  it('does not let the scorer write into the corpus', () => {
    const before = JSON.stringify(corpus)
    corpus.forEach(x => scoreCase(x, CURRENT_RULESET))
    expect(JSON.stringify(corpus)).toBe(before)
  })
})
