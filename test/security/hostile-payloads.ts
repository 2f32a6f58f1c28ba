/**
 * Generators of hostile request bodies (docs/security.md §7 S9): each takes a valid body and breaks it in
 * one way, at a place chosen among all of the body's members. Bodies travel as raw text, so malformed
 * JSON, `__proto__` keys, numbers beyond IEEE 754 and deep nesting reach the server as a client sent them.
 */
import fc from 'fast-check'

export type Path = Array<string | number>
export type MutationKind =
  | 'wrong-type' | 'unknown-property' | 'oversize-string' | 'oversize-array' | 'invalid-enum' | 'nul-byte'
  | 'huge-number' | 'deep-nesting' | 'proto-key' | 'malformed-json' | 'duplicate-key' | 'content-type'

export interface HostileBody {
  kind: MutationKind
  /** Where in the body, as a JSON pointer (for failure messages). */
  pointer: string
  payload: string
  contentType: string
}

/** Marks every generated value, so a test can tell whether an error answer echoes what was sent. */
export const VALUE_CANARY = 'CANARYV'

function members (value: unknown, path: Path = []): Array<{ path: Path, value: unknown }> {
  const out: Array<{ path: Path, value: unknown }> = [{ path, value }]
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...members(item, [...path, i])))
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...members(item, [...path, key]))
  return out
}

function setAt (root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  const copy = structuredClone(root) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path[path.length - 1]!] = value
  return copy
}

const pointerOf = (path: Path) => (path.length === 0 ? '/' : `/${path.join('/')}`)
const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!

/** Serialises `body` with `raw` text in place of the member at `path`. */
function withRaw (body: unknown, path: Path, raw: string): string {
  const marker = '@@RAW@@'
  return JSON.stringify(setAt(body, path, marker)).replace(JSON.stringify(marker), raw)
}

/** Serialises `body` with a raw `"key": value` member added to the object at `path`. */
function withRawMember (body: unknown, path: Path, member: string): string {
  const target = path.length === 0 ? body : path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], body)
  const added = setAt(body, path, { ...(target as object), '@@KEY@@': '@@VALUE@@' })
  return JSON.stringify(added).replace('"@@KEY@@":"@@VALUE@@"', member)
}

function wrongTypeFor (value: unknown, n: number): unknown {
  const choices: unknown[] = typeof value === 'string'
    ? [n, true, [VALUE_CANARY], { v: VALUE_CANARY }]
    : typeof value === 'number'
      ? [`${VALUE_CANARY}${n}`, [n], { n }]
      : typeof value === 'boolean'
        ? ['true', 1, [true]]
        : Array.isArray(value)
          ? [`${VALUE_CANARY}`, { 0: value[0] ?? 1 }, n]
          : [`${VALUE_CANARY}`, [value], n, true]
  return pick(choices, n)
}

const HUGE_NUMBERS = ['1e400', '-1e400', '1e308', '18446744073709551616', '-0', '1e-400', '123456789012345678901234567890.5', '2.2250738585072014e-308']
const UNKNOWN_NAMES = ['partnerId', 'extra', 'toString', 'hasOwnProperty', '$where', 'isAdmin', 'role', '__defineGetter__', '']
const PROTO_MEMBERS = [
  '"__proto__":{"isAdmin":true}', '"constructor":{"prototype":{"isAdmin":true}}', '"__proto__":null', '"prototype":{"polluted":1}',
  '"__proto__":{"__proto__":{"role":"admin"}}'
]

/**
 * One hostile body derived from `base`. `enumPointers` lists the members whose value comes from a
 * vocabulary or format (invalid-enum mutations target those).
 */
export function hostileBody (base: unknown, enumPaths: readonly Path[], kind: MutationKind, n: number, m: number, text: string): HostileBody {
  const all = members(base)
  const strings = all.filter((x) => typeof x.value === 'string')
  const arrays = all.filter((x) => Array.isArray(x.value))
  const objects = all.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value))
  const json = 'application/json'
  const at = pick(all, n)
  switch (kind) {
    case 'wrong-type':
      return { kind, pointer: pointerOf(at.path), payload: JSON.stringify(setAt(base, at.path, wrongTypeFor(at.value, m))), contentType: json }
    case 'unknown-property': {
      const target = pick(objects, n)
      const name = pick([...UNKNOWN_NAMES, text.replace(/["\\]/g, '') || 'x'], m)
      const value = pick([VALUE_CANARY, 1, null, [VALUE_CANARY], { nested: VALUE_CANARY }], m >> 3)
      return { kind, pointer: pointerOf([...target.path, name]), payload: withRawMember(base, target.path, `${JSON.stringify(name)}:${JSON.stringify(value)}`), contentType: json }
    }
    case 'oversize-string': {
      const target = pick(strings, n)
      const length = 20_001 + (m * 997) % 120_000
      const value = VALUE_CANARY + pick(['x', 'ж', '₽', '𝕏'], m).repeat(length)
      return { kind, pointer: pointerOf(target.path), payload: JSON.stringify(setAt(base, target.path, value)), contentType: json }
    }
    case 'oversize-array': {
      // Bodies without arrays get one where a member was: too long and of the wrong type.
      const target = pick(arrays.length > 0 ? arrays : all.slice(1), n)
      const length = 201 + (m * 31) % 3000
      const item = Array.isArray(target.value) ? target.value[0] ?? VALUE_CANARY : VALUE_CANARY
      return { kind, pointer: pointerOf(target.path), payload: JSON.stringify(setAt(base, target.path, Array.from({ length }, () => item))), contentType: json }
    }
    case 'invalid-enum': {
      if (enumPaths.length === 0) return hostileBody(base, enumPaths, 'wrong-type', n, m, text)
      const path = pick(enumPaths, n)
      const current = String(members(base).find((x) => pointerOf(x.path) === pointerOf(path))?.value ?? '')
      const value = pick([`${VALUE_CANARY}-${text}`, current.toUpperCase() + 'X', ` ${current}`, `${current}\n`, current.slice(0, -1), '', `${current}\u200b`], m)
      return { kind, pointer: pointerOf(path), payload: JSON.stringify(setAt(base, path, value)), contentType: json }
    }
    case 'nul-byte': {
      const target = pick(strings, n)
      const value = String(target.value)
      const position = m % (value.length + 1)
      return { kind, pointer: pointerOf(target.path), payload: JSON.stringify(setAt(base, target.path, `${value.slice(0, position)}\u0000${VALUE_CANARY}${value.slice(position)}`)), contentType: json }
    }
    case 'huge-number':
      return { kind, pointer: pointerOf(at.path), payload: withRaw(base, at.path, pick(HUGE_NUMBERS, m)), contentType: json }
    case 'deep-nesting': {
      const depth = pick([64, 1000, 10_000, 60_000, 120_000], m)
      const raw = m % 2 === 0 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
      return { kind, pointer: pointerOf(at.path), payload: withRaw(base, at.path, raw), contentType: json }
    }
    case 'proto-key': {
      const target = pick(objects, n)
      return { kind, pointer: pointerOf(target.path), payload: withRawMember(base, target.path, pick(PROTO_MEMBERS, m)), contentType: json }
    }
    case 'duplicate-key': {
      // The last duplicate wins in JSON.parse: a wrong type hidden behind a valid first value.
      const target = pick(objects.filter((x) => Object.keys(x.value as object).length > 0), n)
      const key = pick(Object.keys(target.value as object), m)
      const value = (target.value as Record<string, unknown>)[key]
      return { kind, pointer: pointerOf([...target.path, key]), payload: withRawMember(base, target.path, `${JSON.stringify(key)}:${JSON.stringify(wrongTypeFor(value, m))}`), contentType: json }
    }
    case 'malformed-json': {
      const valid = JSON.stringify(base)
      const cut = n % valid.length
      const variants = [
        valid.slice(0, cut), `${valid.slice(0, cut)}${text}${valid.slice(cut)}`, valid.replaceAll('"', "'"), `${valid}${text}`, `\uFEFF${valid}`,
        valid.replace(/}$/, ',}'), 'NaN', '', ' ', `"${VALUE_CANARY}"`, 'null', '[]', '{"a":1}garbage', valid.replace(/:/, '::'), `{${VALUE_CANARY}}`
      ]
      return { kind, pointer: '/', payload: pick(variants, m), contentType: json }
    }
    case 'content-type':
      return { kind, pointer: '/', payload: JSON.stringify(base), contentType: pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'text/json', 'application/jsonx'], m) }
  }
}

export const MUTATION_KINDS: readonly MutationKind[] = [
  'wrong-type', 'unknown-property', 'oversize-string', 'oversize-array', 'invalid-enum', 'nul-byte', 'huge-number', 'deep-nesting',
  'proto-key', 'malformed-json', 'duplicate-key', 'content-type'
]

/** The random choices of one case; `hostileBody` turns them into a body deterministically. */
export const caseArbitrary = (targets: number) => fc.record({
  target: fc.nat({ max: targets - 1 }),
  kind: fc.constantFrom(...MUTATION_KINDS),
  n: fc.nat({ max: 1_000_000 }),
  m: fc.nat({ max: 1_000_000 }),
  text: fc.string({ maxLength: 12 })
})
