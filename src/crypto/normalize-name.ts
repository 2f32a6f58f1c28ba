// Name normalisation for matching the same person across partners, scripts and
// romanisations. Two layers:
//
// normalizeName: a readable canonical form. NFKC, case-fold, Cyrillic -> Latin,
//   diacritics stripped (on Latin, Cyrillic, Greek, Arabic and Hebrew letters only:
//   in Indic and other scripts combining marks are vowels, not accents), apostrophes
//   dropped ("O'Neil" = "ONeil"), other punctuation and hyphens split words, and the
//   words sorted so word order does not matter ("Kadyrov Ramzan" = "Ramzan Kadyrov").
//   Deterministic and idempotent. Letters of other scripts are kept as they are.
//
// matchKey: a phonetic skeleton of normalizeName's words that makes the usual
//   English, ICAO-passport and German romanisations of Russian and Chechen names
//   collide: Магомед = Magomed = Mahomed, Зелимхан = Zelimkhan = Zelimhan,
//   Рамзан Кадыров = Kadyrov Ramzan = Kadyrow Ramsan, Юрий = Yuri = Yuriy = Iurii.
//   Folds: kh/h/g/gh/x- -> h; ch/tch/tsch -> ch (ч: -ovich = -owitsch; Бачаев ≠ Бахаев);
//   sh/sch/shch/schtsch -> sh; zh/dzh/dsch/dj/j- -> zh. German ch = х (Achmed, Selimchan)
//   and j- = й (Jussup) are a second reading of names spelt the German way
//   (name-keys.ts), not a fold, so that the English Bachaev stays apart from Bakhaev;
//   ts/tz/z/s -> s; w -> v; y -> i; q/ck/c -> k (c before e/i/y -> s); ph -> f;
//   ou -> u; x (not first) -> ks; yo after a consonant -> e (Pyotr = Petr);
//   j after a vowel -> i (Sergej = Sergei); an i-glide at the start of a word or
//   between vowels is dropped (Yakub = Iakub = Akub, Dudayev = Dudaev = Dudajew);
//   double letters collapse; a final -of/-off/-ef becomes -ov/-ev.
//
// What it deliberately does not do (false merges would link different people):
//   no vowel folding between a/o/u (Muhammad ≠ Magomed), no joining of split names
//   (Abubakar ≠ Abu Bakar), no French ch = ш or ou/dj conventions beyond ou -> u,
//   no German j = й at the start of a word here (Jussup ≠ Yusup in matchKey: there j
//   is дж, as in the English Jamal, Jabrail), no Polish cz/sz/rz, no nicknames (Sasha ≠ Aleksandr).
//   A blind index can only match exact keys; finer matching is for an authorised
//   person after decryption.

import { prepareArabicScript } from './arabic-script.ts'
import { stripInvisible, unmixScripts } from './name-script.ts'
import { romanizeOthers, transliterate } from './transliterate.ts'

export const MAX_NAME_LENGTH = 1000

// Marks after a letter of these scripts are accents; elsewhere they can be vowels.
const ACCENTS = /([\p{sc=Latin}\p{sc=Cyrillic}\p{sc=Greek}\p{sc=Arabic}\p{sc=Hebrew}])\p{M}+/gu
// Apostrophe-like characters inside a name: removed without splitting the word.
const APOSTROPHES = /['`´‘’‛′ʹʻʼʽʾʿˈ]/gu
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/gu
const ORPHAN_MARKS = /(?<![\p{L}\p{N}\p{M}])\p{M}+/gu

function checkName (name: string): void {
  if (typeof name !== 'string') throw new TypeError('a name must be a string')
  // Bounded work per call; the message never repeats the input.
  if (name.length > MAX_NAME_LENGTH) throw new RangeError(`a name must be at most ${MAX_NAME_LENGTH} characters`)
}

/**
 * Script-level clean-up before any romanisation: invisible and format characters out,
 * NFKC, case folding, lookalike letters of a mixed-script word back into one script,
 * Arabic-script letters made ready for romanisation.
 */
export function prepareName (name: string): string {
  checkName(name)
  // NFC again after folding: a letter whose upper case expands (ΰ → Ϋ́) comes back decomposed from one case and
  // composed from the other, and unmixScripts must see the same letters either way.
  return prepareArabicScript(unmixScripts(caseFold(stripInvisible(name).normalize('NFKC')).normalize('NFC')))
}

// Full case folding, approximately: upper then lower turns ß into ss and ﬁ into fi.
// Twice, because ẞ only becomes ß on the first round and ss on the second. Final
// sigma is folded by hand because toLowerCase picks σ/ς by context, which changes
// once punctuation is removed (and would break idempotence).
function caseFold (s: string): string {
  return s.toUpperCase().toLowerCase().toUpperCase().toLowerCase().replaceAll('ς', 'σ')
}

/** The words of a prepared name in Latin letters, lower case, in their written order. */
export function romanizeWords (prepared: string): string[] {
  let s = caseFold(stripInvisible(prepared.normalize('NFKC')))
  s = transliterate(s) // before NFKD, so й and ё are seen whole
  s = s.normalize('NFKD').replace(ACCENTS, '$1')
  s = transliterate(s) // Cyrillic letters whose accented form had no entry (ӂ -> ж -> zh)
  s = romanizeOthers(s.normalize('NFC')).normalize('NFKD').replace(/\p{M}/gu, '')
  s = s.toLowerCase().replace(APOSTROPHES, '').replace(SEPARATORS, ' ').replace(ORPHAN_MARKS, '').normalize('NFC')
  return s.split(' ').filter((w) => w !== '')
}

export function normalizeName (name: string): string {
  // Default sort compares UTF-16 code units: locale-independent, hence deterministic.
  return romanizeWords(prepareName(name)).sort().join(' ')
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u'])
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c)
const isConsonant = (c: string | undefined): boolean => c !== undefined && /^[b-df-hj-np-tv-zCSZ]$/.test(c)

// Longest first. C, S and Z are placeholders for ch, sh and zh so that each is one letter
// while doubles collapse; normalizeName never outputs upper-case ASCII.
const DIGRAPHS: ReadonlyArray<readonly [string, string]> = [
  ['schtsch', 'S'], ['shch', 'S'], ['tsch', 'C'], ['dsch', 'Z'], ['sch', 'S'], ['dzh', 'Z'], ['tch', 'C'],
  ['sh', 'S'], ['ch', 'C'], ['zh', 'Z'], ['dj', 'Z'], ['kh', 'h'], ['gh', 'h'],
  ['ts', 's'], ['tz', 's'], ['ck', 'k'], ['ph', 'f'], ['ou', 'u']
]
const SINGLE: Readonly<Record<string, string>> = { g: 'h', z: 's', q: 'k', w: 'v', y: 'i' }
const PLACEHOLDERS: Readonly<Record<string, string>> = { C: 'ch', S: 'sh', Z: 'zh' }

/** The phonetic skeleton of one romanised word (see matchKey). */
export function foldWord (word: string): string {
  let out = ''
  let i = 0
  while (i < word.length) {
    const digraph = DIGRAPHS.find(([from]) => word.startsWith(from, i))
    if (digraph !== undefined) { out += digraph[1]; i += digraph[0].length; continue }
    const c = word.charAt(i)
    const next = word.charAt(i + 1)
    const prev = out.at(-1)
    if (c === 'y' && next === 'o' && isConsonant(prev)) { out += 'e'; i += 2; continue } // ё
    if (c === 'x') out += i === 0 ? 'h' : 'ks'
    else if (c === 'j') out += isVowel(prev) ? 'i' : 'Z'
    else if (c === 'c') out += next === 'e' || next === 'i' || next === 'y' ? 's' : 'k'
    else out += SINGLE[c] ?? c
    i++
  }
  const collapse = (s: string): string => s.replace(/([a-zCSZ])\1+/g, '$1')
  out = collapse(collapse(out).replace(/(^|[aeiou])i(?=[aeiou])/g, '$1'))
  out = out.replace(/of$/, 'ov').replace(/ef$/, 'ev')
  return out.replace(/[CSZ]/g, (p) => PLACEHOLDERS[p] ?? p)
}

/** The phonetic skeleton of a name, word order independent; '' if it has no letters. */
export function matchKey (name: string): string {
  const words = normalizeName(name)
  if (words === '') return ''
  return words.split(' ').map(foldWord).sort().join(' ')
}
