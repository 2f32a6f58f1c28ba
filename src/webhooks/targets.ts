/**
 * Server-side request forgery guard for webhook targets (OWASP API7). A partner chooses the URL, so without
 * this the delivery worker could be pointed at the cloud metadata service, Redis, PostgreSQL or anything
 * else on the internal network. Only public unicast addresses are allowed, checked twice:
 *  - at subscription time, on the URL's literal address or on every address its name resolves to;
 *  - at delivery time, in the socket's own DNS lookup, so the connection goes to the very address that was
 *    checked (a name that resolved to a public address when subscribing and to 127.0.0.1 now, DNS
 *    rebinding, is refused at connect).
 * Range classification is ipaddr.js's (`range() === 'unicast'`), not hand-written patterns: its tables follow
 * the IANA IPv4 and IPv6 special-purpose address registries (loopback, private, link-local, unique-local,
 * multicast, unspecified, carrier-grade NAT, documentation, benchmarking, AS112, AMT, ORCHID, segment routing,
 * 6to4, Teredo, NAT64 and local-use NAT64, discard, the reserved blocks). One rule closes what a table of
 * special ranges leaves open: an IPv6 address must lie in 2000::/3, the only block IANA allocates as global
 * unicast. Everything else, including the deprecated IPv4-compatible form (::127.0.0.1, written ::7f00:1 in
 * a URL, which ipaddr.js calls plain unicast) and blocks the registries add later outside 2000::/3, is refused.
 * IPv4-mapped addresses (::ffff:a.b.c.d) are judged by the IPv4 address they carry; every other form that
 * embeds an IPv4 address (NAT64, 6to4, Teredo) is refused whole, whatever it embeds.
 */
import dns from 'node:dns'
import net from 'node:net'
import ipaddr from 'ipaddr.js'

export type TargetRefusal = 'invalid_url' | 'scheme' | 'credentials' | 'private_address' | 'unresolvable'

export class RefusedTargetError extends Error {
  readonly safeMessage = true
  constructor (readonly reason: TargetRefusal) {
    super(`webhook target refused (${reason})`)
    this.name = 'RefusedTargetError'
  }
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number]

/**
 * The WHATWG URL parser's form of an IPv6 literal: hexadecimal groups only. ipaddr.js reads a dotted tail
 * after `::` as IPv4-mapped (it parses ::127.0.0.1 as ::ffff:7f00:1), a different address from the one a
 * socket connects to; in this form it parses every address as written. Null when it is no IPv6 address.
 */
function canonicalIPv6 (address: string): string | null {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1)
  } catch {
    return null
  }
}

/** True for an address a webhook may be delivered to: a public unicast address. */
export function isPublicAddress (address: string): boolean {
  const text = net.isIPv6(address) ? canonicalIPv6(address) : address
  if (text === null || !ipaddr.isValid(text)) return false
  const parsed = ipaddr.parse(text)
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast'
  const v6 = parsed as ipaddr.IPv6
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast'
  return v6.match(GLOBAL_UNICAST_V6) && v6.range() === 'unicast'
}

/** The URL's host without IPv6 brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1')

/**
 * Checks a URL's form: https only (plain http, whose body and signature anyone on the path can read, is
 * accepted only together with private targets, i.e. in tests), no user:password (it would sit in the
 * database and in every proxy's log). Returns the parsed URL.
 */
export function parseTargetUrl (text: string, allowPrivate: boolean): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new RefusedTargetError('invalid_url')
  }
  if (url.username !== '' || url.password !== '') throw new RefusedTargetError('credentials')
  const host = hostOf(url)
  if (!allowPrivate && net.isIP(host) !== 0 && !isPublicAddress(host)) throw new RefusedTargetError('private_address')
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw new RefusedTargetError('scheme')
  return url
}

type Resolve = (host: string) => Promise<string[]>
const resolveAll: Resolve = async (host) => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address)

/** Subscription-time check: the form, then every address the host names must be public. */
export async function checkTarget (text: string, allowPrivate: boolean, resolve: Resolve = resolveAll): Promise<URL> {
  const url = parseTargetUrl(text, allowPrivate)
  if (allowPrivate) return url
  const host = hostOf(url)
  if (net.isIP(host) !== 0) return url
  let addresses: string[]
  try {
    addresses = await resolve(host)
  } catch {
    throw new RefusedTargetError('unresolvable')
  }
  if (addresses.length === 0) throw new RefusedTargetError('unresolvable')
  if (!addresses.every(isPublicAddress)) throw new RefusedTargetError('private_address')
  return url
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void

/**
 * A `lookup` for http(s).request: resolves every address, refuses the connection unless all are public,
 * and hands the socket the checked addresses, so nothing is resolved again between check and connect.
 */
export function guardedLookup (allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err !== null) return callback(err, [])
      if (addresses.length === 0) return callback(new RefusedTargetError('unresolvable') as NodeJS.ErrnoException, [])
      if (!allowPrivate && !addresses.every((a) => isPublicAddress(a.address))) {
        return callback(new RefusedTargetError('private_address') as NodeJS.ErrnoException, [])
      }
      if (options.all === true) return callback(null, addresses)
      const [first] = addresses
      callback(null, first!.address, first!.family)
    })
  }
}
