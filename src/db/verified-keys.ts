import pg from 'pg'
import type { StoredKey } from './queries/api-keys.ts'

/** What the listener logs through (a pino or Fastify logger). */
interface Logger { warn: (details: Record<string, unknown>, message: string) => void }

/** The channel revokeApiKey notifies, in the revoking transaction: delivered to every listener when it commits. */
export const KEY_REVOKED_CHANNEL = 'rnm_api_key_revoked'

/** How long a verified key is served from memory at most, should a revocation's notice ever be missed (seconds' worth). */
export const VERIFIED_KEY_TTL_MS = 5_000
const MAX_ENTRIES = 10_000
const RECONNECT_MS = 1_000

/**
 * Keys this process verified in the last few seconds, so a client's every request does not wait for a key
 * lookup (a round trip, most of a cheap list page's overhead after the page itself). An entry is keyed by the
 * key id and the HMAC of the secret presented, which is what the stored hash is: only the exact valid key is
 * ever answered from memory; a wrong secret or an unknown id takes the lookup as before, the same work for
 * both (no timing difference reveals which ids exist).
 *
 * Revocation still holds from the next request: every revocation notifies `KEY_REVOKED_CHANNEL` in its own
 * transaction (revokeApiKey), and PostgreSQL delivers that to this process's listening connection when it
 * commits; the revoking process also forgets the key itself, before it answers. The cache serves nothing while
 * that connection is not listening (at start, after a loss, until it listens again, when it starts empty),
 * and nothing older than VERIFIED_KEY_TTL_MS, which bounds a revocation made behind the service's back (an
 * UPDATE by hand sends no notice). A lookup that was running when a notice arrived is not kept.
 */
export class VerifiedKeys {
  private readonly entries = new Map<string, { key: StoredKey, until: number }>()
  private listening = false
  /** Bumped by every notice and every change of the listening state: a lookup older than it is not kept. */
  private epoch = 0
  private client: pg.Client | null = null
  private closed = false
  private timer: NodeJS.Timeout | null = null

  constructor (private readonly connect: (() => pg.Client) | null, private readonly log: Logger, private readonly ttlMs = VERIFIED_KEY_TTL_MS) {}

  /** Opens the listening connection (PostgreSQL only; without it the cache stays off). Never throws. */
  async start (): Promise<void> {
    if (this.connect === null || this.closed) return
    const client = this.connect()
    this.client = client
    const lost = (): void => {
      if (this.client !== client) return
      this.stopServing()
      this.client = null
      client.removeAllListeners('notification')
      client.end().catch(() => {})
      if (!this.closed) {
        this.timer = setTimeout(() => { this.timer = null; this.start().catch(() => {}) }, RECONNECT_MS)
        // A retry never keeps a process alive on its own.
        this.timer.unref()
      }
    }
    client.on('error', (err: Error & { code?: string }) => {
      if (this.client === client) this.log.warn({ code: err.code }, 'API key revocation listener lost; keys are looked up on every request until it is back')
      lost()
    })
    client.on('end', lost)
    client.on('notification', (message) => { if (message.channel === KEY_REVOKED_CHANNEL) this.forget(message.payload ?? '') })
    try {
      await client.connect()
      await client.query(`listen ${KEY_REVOKED_CHANNEL}`)
    } catch (err) {
      if (this.client === client) this.log.warn({ code: (err as { code?: string }).code }, 'API key revocation listener could not start; keys are looked up on every request')
      lost()
      return
    }
    // Closed (or lost and replaced) while connecting: this connection is not ours any more.
    if (this.client !== client) {
      await client.end().catch(() => {})
      return
    }
    this.entries.clear()
    this.epoch++
    this.listening = true
  }

  async close (): Promise<void> {
    this.closed = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.stopServing()
    const client = this.client
    this.client = null
    await client?.end().catch(() => {})
  }

  /** The epoch to hand back to `remember`. */
  begin (): number { return this.epoch }

  get (keyId: string, presentedHash: string, now = Date.now()): StoredKey | null {
    if (!this.listening) return null
    const entry = this.entries.get(`${keyId}:${presentedHash}`)
    if (entry === undefined) return null
    if (entry.until <= now) {
      this.entries.delete(`${keyId}:${presentedHash}`)
      return null
    }
    return entry.key
  }

  /** Keeps a key just verified (valid secret, not revoked), unless something was revoked since `epoch`. */
  remember (key: StoredKey, keyId: string, presentedHash: string, epoch: number, now = Date.now()): void {
    if (!this.listening || epoch !== this.epoch || key.revokedAt !== null) return
    if (this.entries.size >= MAX_ENTRIES) this.prune(now)
    if (this.entries.size >= MAX_ENTRIES) return
    this.entries.set(`${keyId}:${presentedHash}`, { key, until: now + this.ttlMs })
  }

  /** Drops a key by its row id (api_keys.id): on a notice, and in the process that revoked it. */
  forget (apiKeyId: string): void {
    this.epoch++
    for (const [entryKey, entry] of this.entries) if (entry.key.id === apiKeyId) this.entries.delete(entryKey)
  }

  private stopServing (): void {
    this.listening = false
    this.epoch++
    this.entries.clear()
  }

  private prune (now: number): void {
    for (const [entryKey, entry] of this.entries) if (entry.until <= now) this.entries.delete(entryKey)
  }
}

/** A listener for the pool's database (its connection settings), or none for embedded mode's PGlite. */
export function listenerFor (db: unknown): (() => pg.Client) | null {
  const pool = (db as { $client?: unknown }).$client
  if (!(pool instanceof pg.Pool)) return null
  const options = (pool as unknown as { options: pg.PoolConfig }).options
  return () => new pg.Client({ ...options, application_name: 'red-notice-monitor-key-listener' })
}
