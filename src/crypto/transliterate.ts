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
