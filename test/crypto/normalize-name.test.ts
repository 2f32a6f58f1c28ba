import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_NAME_LENGTH, matchKey, normalizeName } from '../../src/crypto/index.ts'

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяӏәғқөүһäöüéèçšžčğışəłøß']
const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 10 }).map((a) => a.join(''))
const words = fc.array(word, { minLength: 1, maxLength: 4 })
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string())
const SPACES = [' ', '  ', '\t', '\u00A0', '\u2003', '\u3000', '\n', ' - ', ', ', '. ']

describe('normalizeName', () => {
  it('is idempotent on arbitrary Unicode', () => {
    fc.assert(fc.property(anyText, (s) => {
      const once = normalizeName(s)
      expect(normalizeName(once)).toBe(once)
    }), { numRuns: 3000 })
  })

  it('is idempotent on mixed-script names', () => {
    fc.assert(fc.property(words, (ws) => {
      const once = normalizeName(ws.join(' '))
      expect(normalizeName(once)).toBe(once)
    }), { numRuns: 1000 })
  })

  it('NFC, NFD, NFKC and NFKD spellings normalise alike', () => {
    fc.assert(fc.property(fc.oneof(anyText, words.map((w) => w.join(' '))), (s) => {
      const n = normalizeName(s)
      for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const) expect(normalizeName(s.normalize(form))).toBe(n)
    }), { numRuns: 1000 })
  })

  it('ignores case, spacing, separators and word order', () => {
    fc.assert(fc.property(words, fc.array(fc.constantFrom(...SPACES), { minLength: 4, maxLength: 4 }), fc.nat(), (ws, gaps, seed) => {
      const plain = normalizeName(ws.join(' '))
      const shuffled = [...ws].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7))
      const messy = `  ${shuffled.map((w, i) => w + (gaps[i % gaps.length] ?? ' ')).join('')} `
      expect(normalizeName(messy)).toBe(plain)
      expect(normalizeName(messy.toUpperCase())).toBe(plain)
      expect(normalizeName(ws.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '))).toBe(plain)
    }), { numRuns: 1000 })
  })

  it.each([
    ['Рамзан  Кадыров', 'kadyrov ramzan'],
    ['KADYROV, Ramzan Akhmatovich', 'akhmatovich kadyrov ramzan'],
    ['Zelimkhán', 'zelimkhan'],
    ['Şamil Əliyev', 'aliyev shamil'],
    ['Хож-Ахмед', 'akhmed khozh'],
    ['O’Neil', 'oneil'],
    ['Ахмед Гӏалгӏай', 'akhmed galgay'],
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['ΟΔΟΣ.Α', 'a odos'],
    ['  ...  ', ''],
    ['', '']
  ])('%s -> %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected)
  })

  it('strips accents on Latin, Cyrillic and Arabic letters, keeps vowel signs elsewhere', () => {
    expect(normalizeName('مُحَمَّد')).toBe(normalizeName('محمد'))
    expect(normalizeName('राम')).not.toBe(normalizeName('रम'))
  })

  it('refuses over-long input without repeating it', () => {
    const long = 'Ахмед '.repeat(MAX_NAME_LENGTH)
    expect(() => normalizeName(long)).toThrow(RangeError)
    try { normalizeName(long) } catch (err) { expect((err as Error).message).not.toContain('Ахмед') }
  })
})

// Each group: spellings of one name that must share a match key.
const SAME: string[][] = [
  ['Магомед', 'Magomed', 'Mahomed', 'MAGOMED', 'magommed'],
  ['Зелимхан', 'Zelimkhan', 'Zelimhan', 'ZELIMKHAN'],
  ['Рамзан Кадыров', 'Kadyrov Ramzan', 'Kadyrow Ramsan', 'KADYROV, Ramzan', 'Ramzan Kadirov', 'Qadyrov Ramzan'],
  ['Юрий', 'Yuri', 'Yuriy', 'Iurii', 'Yurij'],
  ['Джохар Дудаев', 'Dzhokhar Dudayev', 'Djokhar Dudaev', 'Jokhar Dudajew'],
  ['Царнаев', 'Tsarnaev', 'Tsarnayev', 'Zarnajew'],
  ['Пётр', 'Pyotr', 'Petr'],
  ['Алексей', 'Aleksey', 'Alexei', 'Alexej', 'Aleksei'],
  ['Щербаков', 'Shcherbakov', 'Scherbakov'],
  ['Евгений', 'Yevgeniy', 'Evgeny', 'Evgenii'],
  ['Ахмед', 'Akhmed', 'Ahmed'],
  ['Хасан', 'Khasan', 'Hasan', 'Gasan', 'Xasan', 'Hassan'],
  ['Ильяс', 'Ilyas', 'Ilias', 'Iliyas'],
  ['Аюб', 'Ayub', 'Aiub', 'Ayyub'],
  ['Алиев', 'Aliyev', 'Aliev', 'Alijew', 'Əliyev'],
  ['Шамиль', 'Shamil', 'Schamil', 'Šamil', 'Şamil'],
  ['Рамзанович', 'Ramzanovich', 'Ramsanowitsch'],
  ['Жанна', 'Zhanna', 'Janna', 'Zhana'],
  ['Юсуп', 'Yusup', 'Iusup', 'Yusoup'],
  ['Смирнов', 'Smirnov', 'Smirnoff', 'Smirnow'],
  ['Ёлкин', 'Елкин'],
  ['Абдурахман', 'Abdurakhman', 'Abdurahman', 'Abdurrahman'],
  ['Хож-Ахмед', 'Khozh Akhmed', 'Akhmed-Khozh']
]

// Pairs that must stay apart: folding them would link different people.
const DIFFERENT: Array<[string, string]> = [
  ['Muhammad', 'Magomed'],
  ['Ivan Petrov', 'Petr Ivanov'],
  ['Ruslan', 'Ruslana'],
  ['Aslan', 'Arslan'],
  ['Adam', 'Adlan'],
  ['Umar', 'Omar'],
  ['Бачаев', 'Бахаев'],
  ['Bachaev', 'Bakhaev']
]

describe('matchKey', () => {
  it.each(SAME.map((g) => [g[0], g]))('%s: every spelling collides', (_first, group) => {
    const keys = new Set(group.map(matchKey))
    expect([...keys], group.map((n) => `${n} -> ${matchKey(n)}`).join('; ')).toHaveLength(1)
  })

  it.each(DIFFERENT)('%s and %s stay apart', (a, b) => {
    expect(matchKey(a)).not.toBe(matchKey(b))
  })

  it('the four names of the brief give the expected skeletons', () => {
    expect(matchKey('Магомед')).toBe('mahomed')
    expect(matchKey('Зелимхан')).toBe('selimhan')
    expect(matchKey('Рамзан Кадыров')).toBe('kadirov ramsan')
  })

  it('depends only on normalizeName and is word-order independent', () => {
    fc.assert(fc.property(fc.oneof(anyText, words.map((w) => w.join(' '))), (s) => {
      expect(matchKey(normalizeName(s))).toBe(matchKey(s))
    }), { numRuns: 1000 })
    fc.assert(fc.property(words, (ws) => {
      expect(matchKey([...ws].reverse().join(' '))).toBe(matchKey(ws.join(' ')))
    }), { numRuns: 500 })
  })

  it('is empty only for names without letters or digits (or only ъ, ь, ӏ, which romanise to nothing)', () => {
    expect(matchKey(' -,. ')).toBe('')
    expect(matchKey('ъ ӏ')).toBe('')
    fc.assert(fc.property(words, (ws) => {
      fc.pre(/[^ъьӏ]/.test(ws.join('')))
      expect(matchKey(ws.join(' '))).not.toBe('')
    }), { numRuns: 2000 })
  })
})
