import anyAscii from 'any-ascii'
import { createRequire } from 'node:module'

// Lower-case Cyrillic -> Latin, close to the English/BGN romanisation that Interpol
// notices, passports (ICAO 9303 differs only in й/ъ/ю/я, which matchKey folds) and
// English media use, plus the extra letters of Chechen, Ukrainian, Belarusian, Serbian,
// Kazakh, Kyrgyz, Tajik, Tatar, Bashkir and Azerbaijani Cyrillic. It is only a first
// step: matchKey (normalize-name.ts) then folds the remaining spelling variants.
//
// Also maps the Latin letters that NFKD does not decompose, or that stand for a
// digraph in the orthographies we meet (Turkish/Azeri/Czech/Polish/Uzbek Latin), so
// "Şamil" and "Šamil" read like "Shamil".

// "from:to" pairs separated by spaces; an empty "to" drops the letter.
const table = (pairs: string): Array<[string, string]> =>
  pairs.trim().split(/\s+/).map((p): [string, string] => [p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 1)])

const CYRILLIC = table(`
  а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t
  у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya
  ӏ:
  є:ye і:i ї:yi ґ:g ў:u
  ђ:dj ј:y љ:lj њ:nj ћ:ch џ:dzh ѕ:dz ѓ:gj ќ:kj
  ә:a ғ:gh қ:q ң:ng ө:o ұ:u ү:u һ:h ҳ:h ҷ:dzh ҹ:dzh ҝ:g ӣ:i ӯ:u ҫ:s ӑ:a ӗ:e ӳ:u
`)
// Line 3: the Chechen/Ingush/Avar palochka, a glottal-stop marker usually dropped in Latin.
// Line 4: Ukrainian, Belarusian. Line 5: Serbian, Macedonian. Line 6: Turkic and Tajik.

const LATIN = table(`
  č:ch ć:ch ç:ch š:sh ś:sh ş:sh ș:sh ž:zh ź:z
  ł:l ø:o æ:ae œ:oe đ:dj ð:d þ:th ı:i ə:a ŋ:ng ĸ:k
`)

const TABLE = new Map([...CYRILLIC, ...LATIN])
const KEYS = new RegExp(`[${[...TABLE.keys()].join('')}]`, 'gu')

/** Replace the letters above; expects lower-case, NFC-composed input. */
export function transliterate (s: string): string {
  return s.replace(KEYS, (ch) => TABLE.get(ch) ?? ch)
}

// Every other script goes through libraries rather than tables of ours: Chinese
// characters through pinyin-pro (surname readings, e.g. 单 = Shan as a surname), the
// rest (Greek, Georgian, Armenian, Arabic script, Indic, …) through any-ascii. Both
// pinyin-pro loads on first use: its dictionary is large and most names never need it.
const load = createRequire(import.meta.url)
let pinyinOf: ((text: string, options: { toneType: 'none', type: 'array', surname: 'head', v: false }) => string[]) | undefined

const HAN_RUN = /\p{sc=Han}+/gu
const NON_LATIN_RUN = /[^\p{sc=Latin}\p{sc=Common}\p{sc=Inherited}\s]+/gu

/** The syllables of a run of Chinese characters, read as a name (surname first), without tones. */
export function pinyinSyllables (han: string): string[] {
  pinyinOf ??= (load('pinyin-pro') as { pinyin: typeof pinyinOf }).pinyin
  return pinyinOf!(han, { toneType: 'none', type: 'array', surname: 'head', v: false })
    .map((s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase())
}

/**
 * Whatever is still outside the Latin script, in Latin letters: Chinese characters as
 * pinyin syllables (one word each), everything else by any-ascii, lower-cased.
 * Expects lower-case input that transliterate() has already seen.
 */
export function romanizeOthers (s: string): string {
  if (!NON_LATIN_RUN.test(s)) return s
  NON_LATIN_RUN.lastIndex = 0
  return s
    .replace(HAN_RUN, (run) => ` ${pinyinSyllables(run).join(' ')} `)
    // Greek ου and Armenian ու are one vowel, u, in the romanisations names are written in.
    .replace(/ου|ու/gu, 'u')
    .replace(NON_LATIN_RUN, (run) => anyAscii(run).toLowerCase())
}
