import type { KeyObject } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { DUMMY_HASH, hashMatches, hashSecret, parseApiKey } from '../crypto/index.ts'
import type { Database } from '../db/client.ts'
import type { DbContext } from '../db/context.ts'
import { findApiKey, ROLES, type Role } from '../db/queries/api-keys.ts'
import { listenerFor, VerifiedKeys } from '../db/verified-keys.ts'
import { forbidden, HttpProblem, unauthorized } from '../errors.ts'

export interface Principal {
  /** The api_keys row id: what audit events and logs name. */
  apiKeyId: string
  partnerId: string
  role: Role
}

declare module 'fastify' {
  interface FastifyRequest { principal: Principal | null }
  interface FastifyContextConfig {
    /** Roles admitted to this route; every /v1 route must declare them. */
    roles?: readonly Role[]
  }
  interface FastifyInstance {
    /**
     * The auth hook's check, for routes that answer failures themselves (the queue dashboard, whose library
     * sets its own error handler). `browserLogin`: a page for a browser, so the key is also taken as the
     * password of HTTP Basic credentials, which a browser asks for once and then sends with each request.
     */
    authenticate: (request: FastifyRequest, roles: readonly Role[], browserLogin: boolean) => Promise<void>
    /** Forgets a key this process may have verified recently: call once its revocation has committed. */
    forgetApiKey: (apiKeyId: string) => void
  }
}

/** The database context a request acts in: row-level security enforces it. */
export function contextOf (request: FastifyRequest): DbContext {
  const principal = request.principal
  if (principal === null) throw unauthorized()
  return { role: principal.role, partnerId: principal.partnerId }
}

export function principalOf (request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized()
  return request.principal
}

// Keys belong in the Authorization header only (ASVS 14.2.1): URLs end up in proxies' and browsers' logs.
// A key is recognised by a parameter name (?api_key=…) or by its own format anywhere in the URL, path
// included, percent-encoded or not: a name-based check alone is bypassed by ?api%5Fkey= or ?q=<key>.
const KEY_IN_QUERY = /&(?:api[-_]?key|apikey|key|token|access[-_]?token|authorization)=/i
const KEY_FORMAT = /rnm_[0-9a-f]{32}_/i

function keyInUrl (url: string): boolean {
  let decoded = url
  try {
    decoded = decodeURIComponent(url)
  } catch {
    // Malformed percent-encoding: the raw URL is still checked.
  }
  return [url, decoded].some((candidate) => {
    const queryStart = candidate.indexOf('?')
    return KEY_FORMAT.test(candidate) || (queryStart >= 0 && KEY_IN_QUERY.test(`&${candidate.slice(queryStart + 1)}`))
  })
}

/** The key in `Authorization: Bearer <key>`, or for browser pages the password of `Basic` credentials. */
function presentedKey (header: string | undefined, browserLogin: boolean): string | null {
  if (typeof header !== 'string') return null
  if (header.startsWith('Bearer ')) return header.slice(7).trim()
  if (!browserLogin || !header.startsWith('Basic ')) return null
  const credentials = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = credentials.indexOf(':')
  return colon < 0 ? null : credentials.slice(colon + 1)
}

/**
 * Failed authentications per client address and per presented key id, in fixed one-minute windows: a client
 * that keeps failing meets 429. Only failures are throttled: a valid key is always let through, even from an
 * address over its limit. One address can be a whole coalition behind a proxy, so 51 bad keys from anyone
 * there locked every partner out for a minute. Letting a valid key pass gives a guesser nothing: a key's
 * secret is 256 random bits, and guesses at one key id are counted on their own.
 */
class FailureCounter {
  private readonly windows = new Map<string, { count: number, resetAt: number }>()
  constructor (private readonly limit: number, private readonly windowMs: number) {}

  /** Records a failure; returns the seconds to wait when the limit is exceeded, else null. */
  fail (address: string, now = Date.now()): number | null {
    if (this.windows.size > 10_000) this.prune(now)
    const current = this.windows.get(address)
    const window = current === undefined || current.resetAt <= now ? { count: 0, resetAt: now + this.windowMs } : current
    window.count++
    this.windows.set(address, window)
    return window.count > this.limit ? Math.ceil((window.resetAt - now) / 1000) : null
  }

  blocked (address: string, now = Date.now()): number | null {
    const window = this.windows.get(address)
    return window !== undefined && window.resetAt > now && window.count > this.limit ? Math.ceil((window.resetAt - now) / 1000) : null
  }

  private prune (now: number): void {
    for (const [address, window] of this.windows) if (window.resetAt <= now) this.windows.delete(address)
  }
}

const tooManyFailures = (retryAfter: number): HttpProblem =>
  new HttpProblem(429, 'Too Many Requests', 'Too many failed authentications from this address or for this key', {}, { 'retry-after': String(retryAfter) })

/**
 * The one choke point for authentication and function-level authorization: every /v1 route declares its
 * roles (the app refuses to start otherwise); a request without a valid, unrevoked key is 401, a role the
 * route does not admit is 403. Object-level checks are row-level security's (see db/context.ts).
 */
export default fp(async function auth (app: FastifyInstance, opts: { db: Database, pepper: KeyObject, failureLimit?: number }) {
  const failures = new FailureCounter(opts.failureLimit ?? 50, 60_000)
  const verified = new VerifiedKeys(listenerFor(opts.db), app.log)
  // Not awaited: a slow database must not hold the start up; until it listens, every key is looked up.
  verified.start().catch(() => {})
  app.addHook('onClose', async () => { await verified.close() })
  app.decorate('forgetApiKey', (apiKeyId: string) => { verified.forget(apiKeyId) })
  app.decorateRequest('principal', null)

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1')) return
    const roles = route.config?.roles
    if (roles === undefined || roles.length === 0 || roles.some((role) => !ROLES.includes(role))) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no roles`)
    }
    // A GET route's automatic HEAD twin shares its schema object: add the note once.
    const note = `Roles: ${roles.join(', ')}.`
    if (route.schema !== undefined && !route.schema.hide && route.schema.description?.endsWith(note) !== true) {
      route.schema.description = route.schema.description === undefined ? note : `${route.schema.description}\n\n${note}`
    }
  })

  /** Authenticates the request's key and admits it if its role is among `roles`; throws an HttpProblem otherwise. */
  async function authenticate (request: FastifyRequest, roles: readonly Role[], browserLogin: boolean): Promise<void> {
    const address = `address:${request.ip}`
    const reject = (keyId: string | null, detail?: string): HttpProblem => {
      const waits = [failures.fail(address), keyId === null ? null : failures.fail(`key:${keyId}`)].filter((wait) => wait !== null)
      if (waits.length > 0) return tooManyFailures(Math.max(...waits))
      const problem = unauthorized(detail)
      if (browserLogin) problem.headers['www-authenticate'] = 'Basic realm="red-notice-monitor admin", charset="UTF-8"'
      return problem
    }
    if (keyInUrl(request.url)) {
      throw reject(null, 'API keys are accepted only in the Authorization header, never in the URL')
    }
    const parsed = parseApiKey(presentedKey(request.headers.authorization, browserLogin))
    if (parsed === null) {
      // Nothing to verify: a blocked address is told so without a database lookup.
      const blockedFor = failures.blocked(address)
      throw blockedFor === null ? reject(null) : tooManyFailures(blockedFor)
    }
    // What the stored hash of this key is, if the secret is right: only that exact key is answered from memory.
    const presented = hashSecret(opts.pepper, parsed.secret)
    let stored = verified.get(parsed.keyId, presented)
    if (stored === null) {
      const epoch = verified.begin()
      stored = await findApiKey(opts.db, parsed.keyId)
      // The same comparison whether or not the key id exists, so timing does not reveal real ids; the secret's
      // HMAC is the one computed above.
      const valid = hashMatches(presented, stored?.secretHash ?? DUMMY_HASH)
      if (stored === null || !valid || stored.revokedAt !== null) throw reject(parsed.keyId)
      verified.remember(stored, parsed.keyId, presented, epoch)
    }
    request.principal = { apiKeyId: stored.id, partnerId: stored.partnerId, role: stored.role }
    request.log = request.log.child({ apiKeyId: stored.id })
    if (!roles.includes(stored.role)) throw forbidden()
  }
  app.decorate('authenticate', authenticate)

  app.addHook('onRequest', async (request) => {
    const roles = request.routeOptions.config.roles
    if (roles === undefined) return
    await authenticate(request, roles, false)
  })
}, { name: 'auth' })
