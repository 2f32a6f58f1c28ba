/**
 * S15's ReDoS check (docs/security.md §7): every `pattern` of the OpenAPI document, and strings built to
 * make a backtracking engine work hardest on it: long runs of characters the pattern accepts, ended by one
 * it refuses (the classic catastrophic shape), for every kind of character the patterns use.
 */
import { loadOperations, openapiDocument } from './openapi-fuzz.ts'

/** Every distinct pattern in the document, with one place it appears. */
export function documentPatterns (): Map<string, string> {
  const found = new Map<string, string>()
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) { node.forEach((item, i) => walk(item, `${where}/${i}`)); return }
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string' && !found.has(value)) found.set(value, where)
      else walk(value, `${where}/${key}`)
    }
  }
  walk(openapiDocument().paths, '#/paths')
  if (loadOperations(openapiDocument()).length === 0) throw new Error('no operations')
  return found
}

const RUN_CHARACTERS = ['a', 'A', '0', ' ', '/', '.', '-', '_', '~', '!', 'ж', '\u0001', '\t']
const ENDINGS = ['', '\u0000', '!', '\n', '\uFFFF', 'ж', ' ']

/** Adversarial inputs: runs of 50,000 characters of each kind, each ended by each ending, and mixes. */
export function adversarialStrings (length = 50_000): string[] {
  const out: string[] = []
  for (const ch of RUN_CHARACTERS) for (const end of ENDINGS) out.push(ch.repeat(length) + end)
  out.push('aA0'.repeat(length / 3) + '\u0000', 'a/'.repeat(length / 2) + '\u0000', '0/'.repeat(length / 2), 'a.'.repeat(length / 2) + '!', ` ${'a '.repeat(length / 2)}\u0000`)
  return out
}
