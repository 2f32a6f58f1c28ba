import { Redis } from 'ioredis'
import { assertLoopback } from './load.ts'

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Visits every key matching `pattern`, in batches; bounded in scan rounds and time. */
async function scanKeys (pattern: string, visit: (redis: Redis, keys: string[]) => Promise<number>): Promise<number> {
  assertLoopback(REDIS_URL.replace(/^rediss?:/, 'http:'))
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
  let total = 0
  try {
    const deadline = Date.now() + 30_000
    let cursor = '0'
    for (let round = 0; round < 100_000 && Date.now() < deadline; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
      if (keys.length > 0) total += await visit(redis, keys)
      cursor = next
      if (cursor === '0') break
    }
  } finally {
    redis.disconnect()
  }
  return total
}

/** Scoring jobs the service handed to BullMQ under this prefix (one hash per job, named by its job id). */
export const countJobs = (prefix: string): Promise<number> => scanKeys(`${prefix}:scoring:score-*`, async (_redis, keys) => keys.length)

/** Deletes every key under the run's own queue prefix. */
export const deletePrefix = (prefix: string): Promise<number> => scanKeys(`${prefix}:*`, (redis, keys) => redis.unlink(...keys))
