import Negotiator from 'negotiator'

/**
 * The media type a request prefers among `offered` (RFC 9110 §12.5.1, q-values honoured), with an explicit
 * `?format=` winning over Accept: a browser link carries no useful Accept. A missing Accept or `*\/*` gets the
 * first offered type; null when nothing offered is acceptable (406).
 */
export function preferredMediaType<T extends string> (accept: string | undefined, offered: Record<T, string>, format?: string): T | null {
  const names = Object.keys(offered) as T[]
  if (format !== undefined) return names.includes(format as T) ? format as T : null
  if (accept === undefined || accept.trim() === '') return names[0] ?? null
  const chosen = new Negotiator({ headers: { accept } }).mediaType(names.map((name) => offered[name]))
  return chosen === undefined ? null : names.find((name) => offered[name] === chosen) ?? null
}
