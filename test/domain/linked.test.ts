import { describe, expect, it } from 'vitest'
import { NO_LINKED_REPORTS, scoreRedNotice, summariseLinkedReports } from '../../src/domain/index.ts'
import { contribution, ctx, redNotice } from './fixtures.ts'

describe('summariseLinkedReports', () => {
  it('is empty without linked reports', () => {
    expect(summariseLinkedReports([], [])).toEqual(NO_LINKED_REPORTS)
  })

  it('counts deletions, protective grounds and relatives', () => {
    const same = [
      redNotice({ events: [{ type: 'notice_deleted', date: '2017-03-01', grounds: 'political' }] }),
      redNotice({ status: 'deleted' }),
      redNotice({ events: [{ type: 'extradition_refused', grounds: 'torture_risk' }, { type: 'notice_deleted', date: '2016-01-01' }] }),
      redNotice({ events: [{ type: 'extradition_refused', grounds: 'procedural' }] })
    ]
    expect(summariseLinkedReports(same, [redNotice(), redNotice()])).toEqual({
      relativesTargeted: 2,
      priorDeletions: 3,
      priorProtectiveDeletions: 1,
      priorProtectiveRefusals: 1,
      priorDeletionDates: ['2016-01-01', '2017-03-01']
    })
  })

  it('turns a deletion in another report into re-filing evidence for a later request', () => {
    const l = summariseLinkedReports([redNotice({ events: [{ type: 'notice_deleted', date: '2017-03-01', grounds: 'political' }] })], [])
    const r = scoreRedNotice(redNotice({ issuedOn: '2018-05-05' }), ctx(undefined, l))
    expect(contribution(r, 'prior-notice-deletion')?.points).toBe(25)
    expect(contribution(r, 'refiled-after-deletion')?.explanation).toMatch(/2018-05-05 followed the deletion of 2017-03-01/)
  })
})
