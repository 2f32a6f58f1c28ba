import type { Logger } from 'pino'
import type { Database } from '../db/client.ts'
import type { ScoringJobHandler } from '../queue/types.ts'

export function createScoringJobHandler (deps: { db: Database, log: Logger }): ScoringJobHandler {
  return async (job, meta) => {
    deps.log.debug({ jobId: meta.jobId, kind: job.kind }, 'scoring job received')
  }
}
