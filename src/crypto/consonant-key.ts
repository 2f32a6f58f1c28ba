// The consonant key: how a name written in Arabic script (which leaves short vowels
// out) meets its Latin spellings, and how those spellings meet each other
// (Muhammad = Mohammed = Mohamed = Mohammad = محمد, Abd al-Rahman = Abdul Rahman =
// Abdurrahman = عبد الرحمن, Yusuf = Yousef = يوسف, Hussein = Husayn = حسين).
//
// Per word: the consonants in order, doubles collapsed, vowels dropped, with two marks
// that the Arabic spelling also shows: V before a word that starts with a vowel (أ/ع),
// and the class of a final vowel (A: ا ى ة ه, I: ي, U: و; Alia, Ali, Abu). Without
// them Ruslan would meet Ruslana and Ali Alia. Folds: kh/h/x -> h; sh/sch/ch -> S
// (French ch = ش: Rachid); j/dj/dzh/zh -> J; q/ck/c/gh -> k (Persian says ق and غ alike:
// Ghasemi = Qasemi = قاسمی); w and v start a
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

// The vowel a word ends with, as a class: A (a, e, ah, eh: ة ه ا ى), I (i, y, ee: ي), U (o, u, w: و).
function finalVowel (word: string): { stem: string, mark: string } {
  // A final h that is not part of kh/sh/ch/gh/zh ends a word in a vowel: ة/ه (Fatemeh, Abdullah, فاطمه).
  if (/(?<![kscgz])h$/.test(word) && word.length > 2) return { stem: word.slice(0, -1), mark: 'A' }
  if (word.length < 2) return { stem: word, mark: '' }
  if (/(?:[iy]|ee)$/.test(word)) return { stem: word, mark: 'I' }
  if (/[ae]$/.test(word)) return { stem: word, mark: 'A' }
  if (/(?:[ou]|[aeiou]w)$/.test(word)) return { stem: word.replace(/w$/, ''), mark: 'U' }
  return { stem: word, mark: '' }
}

function skeleton (word: string): string {
  const { stem, mark } = finalVowel(word)
  // Doubles collapse before vowels go (Mohammed = محمد), so Kocak keeps three k and Koc two. Digits are not
  // letters: 1 and 11 stay apart (a name has none, but test data and imported identifiers do).
  const w = stem.replace(/kh|x/g, 'h').replace(/sch|sh|ch/g, 'S').replace(/dzh|dj|zh|j/g, 'J').replace(/gh/g, 'k')
    .replace(/ck|q|c/g, 'k').replace(/v/g, 'w').replace(/([^0-9])\1+/g, '$1')
  const initialVowel = /^[aeiou]/.test(w) ? 'V' : ''
  const lead = /^[yw]/.test(w) ? w.charAt(0).toUpperCase() : ''
  const consonants = w.slice(lead.length).replace(/[aeiouyw]/g, '')
  return `${initialVowel}${lead}${consonants}${mark}`
}

// Names of traditions whose scripts write every vowel need no vowel-blind key, and it
// would only link their near-namesakes (Magomedov/Magomadov, Elena/Alena Smirnova,
// Lomidze/Lomadze): an East Slavic surname or patronymic, a Georgian -dze/-shvili, an
// Armenian -yan. So do names of one-syllable words (Chinese in pinyin: Chen Jie/Chen Jia).
const FULLY_VOWELLED = /(?:[oe]v|[oe]va|[oe]w|[oe]wa|[oe]ff|[oe]vich|[oe]vna|[oe]vych|[oe]witsch|[oe]wna|dze|shvili|yan)$/
const ONE_SYLLABLE = /^[^aeiouy]*[aeiouy]+[^aeiouy]*$/

/**
 * The consonant key of a name given as romanised words in written order; '' if none or
 * not needed. `fromArabicScript`: the words were romanised from Arabic script, which
 * leaves short vowels out, so they may look like one syllable each.
 */
export function consonantKey (words: readonly string[], fromArabicScript = false): string {
  if (words.some((w) => w.length >= 5 && FULLY_VOWELLED.test(w))) return ''
  if (!fromArabicScript && words.every((w) => ONE_SYLLABLE.test(w))) return ''
  const kept: string[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    const hasNext = i + 1 < words.length
    if ((FILIATION.has(word) || ARTICLES.has(word)) && hasNext) continue
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
