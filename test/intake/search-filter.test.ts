import { describe, expect, it } from 'vitest'
import { BAND_THRESHOLDS } from '../../src/domain/index.ts'
import { redNoticeFilter } from '../../src/intake/red-notice-list.ts'
import type { Actor } from '../../src/intake/types.ts'

const analyst = { role: 'analyst', partnerId: '00000000-0000-0000-0000-000000000000' } as Actor

describe('the list\'s filter as the search function takes it: a band is its score range', () => {
  const search = (query: Record<string, unknown>) => redNoticeFilter(analyst, query)['search']!

  it('gives a band alone as its own score range, and says so', () => {
    expect(search({ band: 'high' })).toMatchObject({
      terms: ['band:high'], minScore: BAND_THRESHOLDS.high, maxScore: BAND_THRESHOLDS.critical - 1, scoreFromBand: true
    })
    expect(search({ band: 'critical' })).toMatchObject({ minScore: BAND_THRESHOLDS.critical, maxScore: 100, scoreFromBand: true })
    expect(search({ band: 'low' })).toMatchObject({ minScore: 0, maxScore: BAND_THRESHOLDS.elevated - 1, scoreFromBand: true })
  })

  it('keeps saying so for a score filter wider than the band, not for one that narrows it', () => {
    expect(search({ band: 'high', minScore: 1, maxScore: 100 })).toMatchObject({ minScore: BAND_THRESHOLDS.high, maxScore: BAND_THRESHOLDS.critical - 1, scoreFromBand: true })
    expect(search({ band: 'high', minScore: BAND_THRESHOLDS.high + 1 })).toMatchObject({ minScore: BAND_THRESHOLDS.high + 1, scoreFromBand: false })
    expect(search({ band: 'high', maxScore: BAND_THRESHOLDS.critical - 2 })).toMatchObject({ maxScore: BAND_THRESHOLDS.critical - 2, scoreFromBand: false })
  })

  it('says nothing of a band where there is none', () => {
    expect(search({ minScore: 40, maxScore: 60 })).toMatchObject({ minScore: 40, maxScore: 60, scoreFromBand: false })
    expect(search({ profile: 'journalist' })).toMatchObject({ minScore: undefined, maxScore: undefined, scoreFromBand: false })
  })
})
