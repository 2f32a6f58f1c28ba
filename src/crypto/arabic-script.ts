// Arabic-script names (Arabic, Persian, Uyghur) before any-ascii romanises them.
// any-ascii spells each letter (ح h, خ kh, ش sh, و w, ي y, ة h) the way Latin name
// spellings mostly do, but it drops alif and turns ʿayn into a quote; names need both
// as vowels (Ali علي, Ahmad أحمد), and the article al- must go as it goes in Latin keys.
// Uyghur spells every vowel; there و is o and ى is i.

const ARABIC = /\p{sc=Arabic}/u
// Letters only Uyghur uses (ۇ ۆ ۈ ې ە ھ ڭ ۋ), a word-initial ئ (Uyghur's vowel
// carrier) or ى inside a word (Arabic writes it only at the end).
const UYGHUR = /[\u06C7\u06C6\u06C8\u06D0\u06D5\u06BE\u06AD\u06CB]|(?:^|\s)\u0626|\u0649(?=\p{sc=Arabic})/u
// Alif in all its forms, ʿayn and alif maksura stand for a vowel in Latin spellings;
// the hamza carriers for nothing.
const VOWEL_LETTERS = /[\u0627\u0623\u0625\u0622\u0671\u0639\u0649]/gu
const HAMZA = /[\u0621\u0624\u0626]/gu
// The article ال at the start of a word (al-Rashid = Rashid, as Latin keys drop al/el/ul),
// and inside عبدال… (Abdulrahman = Abd al-Rahman); not in الله, whose l is its own
// (Abdullah = عبد الله).
const ARTICLE = /(^|\s|\u0639\u0628\u062F)\u0627\u0644(?!\u0644\u0647(?:\s|$))(?=\p{sc=Arabic}{2})/gu

export function hasArabicScript (text: string): boolean {
  return ARABIC.test(text)
}

/** Arabic-script words made ready for any-ascii; other text is returned unchanged. */
export function prepareArabicScript (text: string): string {
  if (!ARABIC.test(text)) return text
  let s = text.replace(ARTICLE, (_m, before: string) => before === ' ' || before === '' ? before : `${before} `)
  if (UYGHUR.test(s)) {
    // Uyghur: ئ carries a vowel, و is o, ى is i.
    s = s.replace(/\u0626/gu, '').replace(/\u0648/gu, 'o').replace(/\u0649/gu, 'i')
  }
  // Ta marbuta is the vowel a (Fatima فاطمة, Hamza حمزة).
  return s.replace(VOWEL_LETTERS, 'a').replace(HAMZA, '').replace(/\u0629/gu, 'a')
}

// ض ذ ظ are d/dh in Arabic spellings (Ramadan, Ridha) but z in Persian, Turkic and
// South Asian ones (Ramazan, Reza, Zakir), and ث is th (Uthman) or s (Osman): names
// with them get a second reading.
const Z_LETTERS = /[\u0636\u0630\u0638]/gu
const THA = /\u062B/gu

/** The Persian/Turkic reading of a name with ض ذ ظ ث, or undefined when it has none. */
export function persianReading (text: string): string | undefined {
  const read = text.replace(Z_LETTERS, '\u0632').replace(THA, '\u0633')
  return read === text ? undefined : read
}
