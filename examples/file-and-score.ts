/**
 * A partner's client, typed by the generated SDK: files a red-notice report, reads it back and waits for
 * its score. Run it against a service with a reporter key:
 *
 *   RNM_URL=http://127.0.0.1:3000 RNM_API_KEY=rnm_... node --import tsx examples/file-and-score.ts
 *
 * It prints one JSON line per step and never prints the identities it sends (they are someone at risk).
 * Exit code: 0 when the report was filed and read back, 1 otherwise.
 */
import { randomUUID } from 'node:crypto'
import createClient from 'openapi-fetch'
// Partners import the same file from the package: `import type { paths } from '@red-notice-monitor/client-types'`.
import type { paths } from '../sdk/schema.d.ts'

type RedNoticeInput = paths['/v1/red-notices']['post']['requestBody']['content']['application/json']

const SCORE_PATH = '/v1/red-notices/{id}/score'

function required (name: string): string {
  const value = process.env[name]
  if (value === undefined || value === '') {
    console.error(`${name} is not set (see the comment at the top of examples/file-and-score.ts)`)
    process.exit(2)
  }
  return value
}

const print = (line: Record<string, unknown>): void => { console.log(JSON.stringify(line)) }

const baseUrl = required('RNM_URL')
const scoreTimeoutMs = Number(process.env.RNM_SCORE_TIMEOUT_MS ?? 30_000)
const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${required('RNM_API_KEY')}` } })

// An invented person; a real report would carry what the partner knows of the case.
const report: RedNoticeInput = {
  mechanism: 'red_notice',
  requestingCountry: 'RU',
  issuedOn: '2019-06-14',
  status: 'active',
  subject: {
    fullName: 'Aslan Example',
    dateOfBirth: '1986-04-21',
    nationalities: ['RU'],
    currentCountry: 'FR',
    ethnicity: 'Chechen',
    profiles: ['ethnic_minority'],
    asylum: { status: 'applied', country: 'FR', since: '2019-01-20' },
    relativesPressured: true
  },
  charges: [{ description: 'Participation in an illegal armed formation', category: 'armed_group', allegedOffenceDate: '2015-05-01' }]
}

// The same key on a retry (after a timeout, say) returns the first answer instead of filing the report twice.
const idempotencyKey = randomUUID()
const filed = await client.POST('/v1/red-notices', { params: { header: { 'idempotency-key': idempotencyKey } }, body: report })
if (filed.data === undefined) {
  print({ step: 'file', ok: false, status: filed.response.status, problem: filed.error })
  process.exit(1)
}
const id = filed.data.id
print({ step: 'file', ok: true, status: filed.response.status, id, revision: filed.data.revision, location: filed.response.headers.get('location') })

const read = await client.GET('/v1/red-notices/{id}', { params: { path: { id } } })
if (read.data === undefined) {
  print({ step: 'read', ok: false, status: read.response.status, problem: read.error })
  process.exit(1)
}
// The reporting partner gets its identities back; only whether they round-tripped is printed.
const identitiesIntact = 'fullName' in read.data.subject && read.data.subject.fullName === report.subject.fullName
print({ step: 'read', ok: true, status: read.response.status, id: read.data.id, etag: read.response.headers.get('etag'), identitiesIntact })

/** Polls until the score is there, scoring failed, or the time is up; bounded in attempts and in time. */
async function waitForScore (): Promise<void> {
  const started = Date.now()
  let delayMs = 200
  for (let attempt = 1; attempt <= 200 && Date.now() - started < scoreTimeoutMs; attempt++) {
    const answer = await client.GET(SCORE_PATH, { params: { path: { id } } })
    const status = answer.response.status
    if (status === 200 && answer.data !== undefined && 'score' in answer.data) {
      const { score, band, rulesetVersion, contributions } = answer.data
      print({ step: 'score', ok: true, status, score, band, rulesetVersion, contributions: contributions.length, attempts: attempt })
      return
    }
    if (status === 202 && answer.data !== undefined && 'status' in answer.data && answer.data.status === 'failed') {
      print({ step: 'score', ok: false, status, state: 'failed', attempts: attempt })
      return
    }
    if (status !== 202) {
      print({ step: 'score', ok: false, status, problem: answer.error })
      return
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    delayMs = Math.min(delayMs * 2, 2000)
  }
  print({ step: 'score', ok: false, status: 202, state: 'pending', timedOut: true, afterMs: Date.now() - started })
}

await waitForScore()
