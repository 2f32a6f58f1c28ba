// The consonant key: how a name written in Arabic script (which leaves short vowels
// out) meets its Latin spellings, and how those spellings meet each other
// (Muhammad = Mohammed = Mohamed = Mohammad = محمد, Abd al-Rahman = Abdul Rahman =
// Abdurrahman = عبد الرحمن, Yusuf = Yousef = يوسف, Hussein = Husayn = حسين).
//
// Per word: the consonants in order, doubles collapsed, vowels dropped, with two marks
// that the Arabic spelling also shows: V before a word that starts with a vowel (أ/ع)
// and V after one that ends in one (ا ى و ي ة ه: Ali, Fatima, Abdullah). Without the
// marks Ruslan would meet Ruslana and Aliev Alieva. Folds: kh/h/x -> h; sh/sch/ch -> S
// (French ch = ش: Rachid); j/dj/dzh/zh -> J; q/ck/c -> k; gh -> G (غ); w and v start a
// word as W and are dropped inside one (و is a consonant in Marwan but u in Yusuf, and
// unvocalised Arabic cannot tell); y starts a word as Y and is a vowel elsewhere.
//
// Before that, whole-name steps: the articles al/el/ul/ar/as/… and bin/ibn/ben go; a
// word Abd/Abdul/Abdel/Abdur… is joined to the name it governs and loses its article
// (Abdelaziz = Abd al-Aziz = Abdulaziz).
//
// This key is much coarser than matchKey: it links Hasan with Husein and Amir with
// Omar when everything else (other names, exact birth date) agrees. docs/matching.md
// counts what that costs.

const ARTICLES = new Set(['al', 'el', 'ul', 'ol', 'il', 'ar', 'ur', 'as', 'us', 'ash', 'ush', 'at', 'ut', 'az', 'uz', 'ad', 'ud', 'adh'])
const FILIATION = new Set(['bin', 'ibn', 'ben', 'bint', 'binti', 'ibni', 'bn'])
const ABD = /^abd(?:[aeiou]?l|[aeiou]?([rsztdn])(?=\1)|[aeiou])?/
const ABD_WORD = /^abd(?:[aeiou][lrsztdn]?)?$/

function skeleton (word: string): string {
  let w = word
  // A final h that is not part of kh/sh/ch/gh/zh is a vowel ending: ة/ه (Fatemeh, Abdullah, فاطمه).
  const hEnding = /(?<![kscgz])h$/.test(w) && w.length > 1
  if (hEnding) w = w.slice(0, -1)
  w = w.replace(/kh|x/g, 'h').replace(/sch|sh|ch/g, 'S').replace(/dzh|dj|zh|j/g, 'J').replace(/gh/g, 'G')
    .replace(/ck|q|c/g, 'k').replace(/v/g, 'w')
  const initialVowel = /^[aeiou]/.test(w) ? 'V' : ''
  // So is a final vowel letter, or a final w after a vowel (Abou: أبو).
  const finalVowel = hEnding || (/[aeiouy]$|[aeiou]w$/.test(w) && w.length > 1) ? 'V' : ''
  const lead = /^[yw]/.test(w) ? w.charAt(0).toUpperCase() : ''
  const consonants = w.slice(lead.length).replace(/[aeiouyw]/g, '').replace(/(.)\1+/g, '$1')
  return `${initialVowel}${lead}${consonants}${finalVowel}`
}

/** The consonant key of a name given as romanised words in written order; '' if none. */
export function consonantKey (words: readonly string[]): string {
  const kept: string[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    const hasNext = i + 1 < words.length
    if (FILIATION.has(word) && hasNext) continue
    if (ARTICLES.has(word) && hasNext) continue
    kept.push(word)
  }
  const joined: string[] = []
  for (let i = 0; i < kept.length; i++) {
    let word = kept[i]!
    // Abd governs the next name: "Abd al-Aziz", "Abdul Aziz" and "Abdulaziz" are one word.
    if (ABD_WORD.test(word) && i + 1 < kept.length) word = `abd${kept[++i]!}`
    if (word.startsWith('abd') && word.length > 4) word = `abd${word.replace(ABD, '')}`
    joined.push(word)
  }
  return joined.map(skeleton).filter((k) => k !== '').sort().join(' ')
}
