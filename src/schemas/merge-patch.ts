/**
 * JSON Merge Patch (RFC 7396 §2), the semantics of every PATCH body. Pure: returns a new value
 * and never mutates its inputs. The merged result must still be validated against the POST
 * schema by the caller; a patch schema alone cannot tell that the result is complete.
 */

// The parser (secure-json-parse) and `additionalProperties: false` already reject these; the
// check here keeps the merge safe even if it is ever called on a body that skipped both.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

type JsonObject = { [key: string]: unknown }

function isObject (value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function applyMergePatch (target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch)
  const result: JsonObject = isObject(target) ? structuredClone(target) : {}
  for (const [key, value] of Object.entries(patch)) {
    if (FORBIDDEN_KEYS.has(key)) throw new TypeError(`merge patch member ${JSON.stringify(key)} is not allowed`)
    if (value === null) {
      delete result[key]
    } else {
      result[key] = applyMergePatch(result[key], value)
    }
  }
  return result
}
