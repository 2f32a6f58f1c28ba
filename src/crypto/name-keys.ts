// The match keys of one name: the few spellings of it that a blind index stores, so that
// another report's name matches when any key agrees. Two families, each over a few
// readings of the name:
//
//   m: matchKey's phonetic skeleton (normalize-name.ts): Cyrillic and Latin spellings of
//      one name, Turkish, Georgian, Armenian, Greek and pinyin romanisations.
//   c: the consonant key (consonant-key.ts): Arabic-script names and their Latin
//      spellings, and those spellings among themselves.
//
// Readings: the name as written; without an East Slavic patronymic (-ovich, -evna, …) or
// a Turkic/Caucasus one ("Heydar oglu", "Asan kyzy", "Temir uulu"), when at least two
// other words remain; with hyphens closed up (Xiao-Ming = Xiaoming); Turkish letters
// as plain ASCII (Şahin Çelik = Sahin Celik); ض ذ ظ as z and ث as s (Persian Reza =
// رضا, Osman = عثمان); German spellings with ch as kh and an initial j as y (Achmed
// Sakajew = Akhmed Zakayev, Jurij = Yuriy); Chinese
// characters as pinyin with the given name in one word (王小明 = Wang Xiaoming), in
// syllables (= Xiao Ming Wang), or after a two-character surname (欧阳娜娜 = Ouyang Nana).
// Word order never matters: each key sorts its words.
//
// Bounded: at most MAX_KEYS_PER_NAME keys, the name-as-written ones first.

import { hasArabicScript, persianReading } from './arabic-script.ts'
import { consonantKey } from './consonant-key.ts'
import { foldWord, prepareName, romanizeWords } from './normalize-name.ts'
import { pinyinSyllables } from './transliterate.ts'

export const MAX_KEYS_PER_NAME = 12

const PATRONYMIC = /^.{2,}(?:ovich|evich|ovych|evych|ovitch|evitch|owitsch|ewitsch|ovna|evna|ivna|owna|ewna|ichna|ich)$/
const PARTICLE = new Set(['ogly', 'oglu', 'ogli', 'ugli', 'ughli', 'oghli', 'oghlu', 'oglou', 'kyzy', 'kizi', 'qizi', 'gizi', 'qyzy', 'kyzi', 'uulu', 'uly'])
const HAN = /\p{sc=Han}/u
const GERMAN = /sch|w|^j[aeiou]/
const GERMAN_J = /^j(?=[aeiou])/
const GERMAN_CH = /(?<![st])ch/g
const TURKISH = /[çşğı]/u
const HYPHEN_IN_WORD = /(?<=\p{L})[-‐‑‒–—](?=\p{L})/gu

/** Other readings of a prepared name's text (Chinese, Turkish, Persian, hyphens). */
function readings (text: string): string[] {
  const out = [text]
  if (HAN.test(text)) out.push(...hanReadings(text))
  if (TURKISH.test(text)) out.push(...out.map((t) => t.replace(/ç/g, 'c').replace(/ş/g, 's').replace(/ğ/g, 'g').replace(/ı/g, 'i')))
  const persian = persianReading(text)
  if (persian !== undefined) out.push(persian)
  out.push(text.replace(HYPHEN_IN_WORD, ''))
  return [...new Set(out)].slice(0, 6)
}

function hanReadings (text: string): string[] {
  const tokens = text.split(/[\s·・.]+/u).filter((t) => t !== '')
  const syllables = tokens.map((t) => HAN.test(t) ? pinyinSyllables(t) : [t])
  const asWritten = syllables.map((s, i) => HAN.test(tokens[i]!) ? s.join('') : s[0]!).join(' ')
  const separate = syllables.flat().join(' ')
  const out = [separate]
  if (tokens.length === 1 && syllables[0]!.length >= 2) {
    const s = syllables[0]!
    out.push(`${s[0]} ${s.slice(1).join('')}`) // 王小明: Wang Xiaoming
    if (s.length >= 3) out.push(`${s.slice(0, 2).join('')} ${s.slice(2).join('')}`) // 欧阳娜娜: Ouyang Nana
  } else {
    out.push(asWritten)
  }
  return out
}

/** The name without its patronymic, one reading per candidate, each keeping two words or more. */
function withoutPatronymic (words: readonly string[]): string[][] {
  const out: string[][] = []
  if (words.length < 3) return out
  words.forEach((word, i) => {
    if (PATRONYMIC.test(word)) out.push(words.filter((_, j) => j !== i))
    if (PARTICLE.has(word) && i > 0) out.push(words.filter((_, j) => j !== i && j !== i - 1))
  })
  return out.filter((w) => w.length >= 2).slice(0, 3)
}

const phoneticKey = (words: readonly string[]): string => words.map(foldWord).filter((w) => w !== '').sort().join(' ')

/** The match keys of one name, family-prefixed ("m:…", "c:…"), deduplicated; [] if it has no letters. */
export function nameMatchKeys (name: string): string[] {
  const keys = new Set<string>()
  const prepared = prepareName(name)
  const arabicScript = hasArabicScript(prepared)
  const add = (words: readonly string[]): void => {
    const m = phoneticKey(words)
    if (m !== '') keys.add(`m:${m}`)
    const c = consonantKey(words, arabicScript)
    if (c !== '') keys.add(`c:${c}`)
  }
  const texts = readings(prepared)
  const wordLists = texts.map(romanizeWords)
  // Spelt the German way (sch, w, j-): ch is х and a j before a vowel starts й
  // (Achmed Sakajew, Jussup, Jurij Jewlojew).
  for (const words of [...wordLists]) {
    if (words.some((w) => GERMAN.test(w))) wordLists.push(words.map((w) => w.replace(GERMAN_J, 'y').replace(GERMAN_CH, 'kh')))
  }
  add(wordLists[0]!)
  for (const [i, words] of wordLists.entries()) {
    if (i > 0 && words.length >= 2) add(words)
    for (const shorter of withoutPatronymic(words)) add(shorter)
  }
  return [...keys].slice(0, MAX_KEYS_PER_NAME)
}
