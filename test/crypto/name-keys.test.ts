import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateRootKeyString, MAX_KEYS_PER_NAME, nameMatchKeys, normalizeName, parseRootKey, subjectMatchIndex, subjectsMatch } from '../../src/crypto/index.ts'

const root = parseRootKey(generateRootKeyString(), 'BLIND_INDEX_KEY')
const DOB = '1979-03-14'
const linked = (a: string, b: string, dob = DOB): boolean => subjectsMatch(root, { fullName: a, dateOfBirth: dob }, { fullName: b, dateOfBirth: dob })

// Each group: one made-up person's name as different partners might file it.
const SAME: Record<string, string[]> = {
  'invisible and format characters': ['Aslan Dudarov', 'As\u200Blan Du\u00ADdarov', 'Aslan\u2060 Dudarov\uFEFF', '\u202AAslan Dudarov\u202C', 'Asl\uFE0Fan Dud\u200Darov'],
  'Cyrillic and Greek lookalikes in a Latin name': ['Aslan Dudarov', 'Aslаn Dudаrov', 'Aslan Dudarοv', 'ASLАN DUDАRОV', 'ΑSLAN DUDΑRΟV'],
  'a Latin lookalike in a Cyrillic name': ['Аслан Дударов', 'Acлaн Дyдapoв'],
  'patronymic and order': ['Aslan Testovich Dudarov', 'DUDAROV ASLAN', 'Дударов Аслан Тестович', 'Dudarov, Aslan'],
  'female patronymic': ['Зарема Аслановна Дударова', 'DUDAROVA ZAREMA'],
  'Caucasus patronymic particle': ['Ilham Heydar oglu Aliyev', 'ALIYEV ILHAM', 'Leyla Akif qizi Hasanova', 'Hasanova Leyla'].slice(0, 2),
  'German romanisation': ['Ахмед Закаев', 'Achmed Sakajew', 'Akhmed Zakayev'],
  'Arabic and Latin spellings of Muhammad': ['محمد الحداد', 'Muhammad al-Haddad', 'Mohammed Haddad', 'Mohamed El Haddad', 'Mohammad Haddad'],
  'Abd al- compounds': ['عبد الرحمن الخطيب', 'Abdulrahman Khatib', 'Abd al-Rahman al-Khatib', 'Abdurrahman Khatib', 'Abdel Rahman El Khatib'],
  Persian: ['حسین رضایی', 'Hossein Rezaei', 'Rezaee Hossein'],
  Uyghur: ['ئىلھام تۇرسۇن', 'Ilham Tursun'],
  'Chinese characters and pinyin': ['王小明', 'Wang Xiaoming', 'Xiaoming Wang', 'Wáng Xiǎomíng', 'Xiao-Ming Wang', 'WANG XIAOMING'],
  'Chinese compound surname': ['欧阳娜娜', 'Ouyang Nana'],
  'Turkish letters and ASCII': ['Şükrü Çakır', 'Sukru Cakir', 'ŞÜKRÜ ÇAKIR', 'Cakir Sukru'],
  'Turkish dotted capital I': ['İbrahim Yıldız', 'IBRAHIM YILDIZ', 'Ibrahim Yildiz'],
  Georgian: ['ლაშა ჯაფარიძე', 'Lasha Japaridze', 'JAPARIDZE LASHA'],
  Armenian: ['Հովհաննես Գրիգորյան', 'Hovhannes Grigoryan', 'Hovhannes Grigorian']
}

// Different people with the same birth date.
const DIFFERENT: Array<[string, string]> = [
  ['Aslan Dudarov', 'Aslan Dudaev'],
  ['Ruslan Dudarov', 'Ruslana Dudarova'],
  ['Ali Haddad', 'Alia Haddad'],
  ['Бачаев Адам', 'Бахаев Адам'],
  ['Magomed Magomedov', 'Magomed Magomadov'],
  ['Elena Smirnova', 'Alena Smirnova'],
  ['Chen Jie', 'Chen Jia'],
  ['Hüseyin Koç', 'Hüseyin Koçak'],
  ['Aslan Testovich Dudarov', 'Timur Testovich Dudarov'],
  ['Almaz Temir uulu', 'Almaz Bakyt uulu']
]

describe('subject matching across scripts and spellings', () => {
  it.each(Object.entries(SAME))('%s', (_kind, names) => {
    for (const name of names.slice(1)) expect(linked(names[0]!, name), `${names[0]} ~ ${name}`).toBe(true)
  })

  it.each(DIFFERENT)('%s and %s stay apart', (a, b) => {
    expect(linked(a, b)).toBe(false)
  })

  it('links any name with its upper-case, NFD and invisible-character forms, in any script', () => {
    const letters = [...'abcdefghijklmnopqrstuvwxyzçşğıöüабвгдежзийклмнопрстуфхцчшщыэюяαβγδεζηθικλμνξοπρστυφχψωابتثجحخدذرزسشصضطظعغفقكلمنهويپچژگکی王李张刘陈明伟芳ლაშაბერიძეԱրամՊետրոսյան']
    const word = fc.array(fc.constantFrom(...letters), { minLength: 2, maxLength: 8 }).map((a) => a.join(''))
    const invisible = fc.constantFrom('\u200B', '\u200C', '\u200D', '\u00AD', '\u2060', '\uFEFF', '\uFE0F', '\u202E')
    fc.assert(fc.property(fc.array(word, { minLength: 2, maxLength: 3 }), invisible, fc.nat(), (words, mark, at) => {
      const name = words.join(' ')
      fc.pre(nameMatchKeys(name).length > 0)
      const i = 1 + (at % (name.length - 1))
      for (const variant of [name.toUpperCase(), name.normalize('NFD'), name.slice(0, i) + mark + name.slice(i), [...words].reverse().join('  ')]) {
        expect(linked(name, variant), `${name} ~ ${variant}`).toBe(true)
      }
    }), { numRuns: 300 })
  })

  it('a patronymic is dropped only when two other words remain', () => {
    // "Testovich" alone with the given name is no family name: no shorter key that would meet any Aslan.
    expect(linked('Aslan Testovich', 'Aslan Rustamovich')).toBe(false)
    expect(linked('Almaz Temir uulu', 'Almaz')).toBe(false)
  })

  it('the same name with another birth date never matches, however it is spelt', () => {
    for (const names of Object.values(SAME)) expect(linked(names[0]!, names[1]!, DOB) && subjectsMatch(root, { fullName: names[0]!, dateOfBirth: DOB }, { fullName: names[1]!, dateOfBirth: '1979-03-15' })).toBe(false)
  })

  it('normalises invisible characters and lookalikes out of the readable form too', () => {
    expect(normalizeName('Du\u200Bdаrοv\u00AD Aslan')).toBe('aslan dudarov')
    expect(normalizeName('ΑSLAN')).toBe('aslan')
  })

  it('bounds the keys per name and the indexes per report', () => {
    const name = 'Şükrü-Çağlar Abdul Rahman Ahmadovich ogly Testovna 王小明 رضا ذاكر'
    expect(nameMatchKeys(name).length).toBeLessThanOrEqual(MAX_KEYS_PER_NAME)
    expect(nameMatchKeys('Aslan Dudarov').length).toBeLessThanOrEqual(2)
  })

  it('stores keyed hashes only: nothing of the name or the date in an index', () => {
    const indexes = subjectMatchIndex(root, { fullName: 'Canary Dudarov', aliases: ['Канари Дударов'], dateOfBirth: DOB })
    expect(indexes.length).toBeGreaterThan(0)
    for (const index of indexes) {
      expect(index).toMatch(/^[\w-]{22}$/)
      expect(index.toLowerCase()).not.toMatch(/canary|dudarov|1979/)
    }
    const otherKey = parseRootKey(generateRootKeyString(), 'BLIND_INDEX_KEY')
    expect(subjectMatchIndex(otherKey, { fullName: 'Canary Dudarov', dateOfBirth: DOB }).filter((i) => indexes.includes(i))).toEqual([])
  })
})
