import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** True when `Authorization: Bearer <token>` carries METRICS_TOKEN; compared in constant time. */
export function presentsMetricsToken (authorization: string | undefined, token: string): boolean {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return false
  return timingSafeEqual(digest(authorization.slice(7).trim()), digest(token))
}
