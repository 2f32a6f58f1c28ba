// Builds eval/name-pairs.json: synthetic name pairs for eval/names.ts. Run it only to
// change the pairs (`node --import tsx eval/build-name-pairs.ts`); the JSON is committed,
// so the evaluation and its test read fixed data.
//
// Every person is a made-up combination of common given names and surnames, not a real
// person. The spellings of the same person come from published romanisation systems
// (BGN/PCGN, ICAO 9303, German Duden for Russian Cyrillic), from the Latin spellings
// that are usual for each Arabic, Persian, Uyghur, Chinese, Turkish, Georgian and
// Armenian name (written out below by hand, never produced by the matching code), and
// from disguises (invisible characters, Cyrillic and Greek lookalikes, capitals, order).
//
// Hard false pairs: the same name with another birth date (one day, one month, one year
// off, or only the year known); similar names of different people with the same birth
// date (Dudarov/Dudaev, Ruslan/Ruslana, Hasan/Husein); siblings with one surname, twins
// (same birth date) among them.

import { writeFileSync } from 'node:fs'

interface Person { fullName: string, aliases?: string[], dateOfBirth: string }
interface Pair { kind: string, same: boolean, a: Person, b: Person }

// A small deterministic generator (mulberry32), so the file is the same on every run.
let seed = 20261206
function random (): number {
  seed |= 0; seed = (seed + 0x6D2B79F5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
const int = (n: number): number => Math.floor(random() * n)

function date (): string {
  const y = 1950 + int(55); const m = 1 + int(12); const d = 1 + int(28)
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
function otherDate (d: string): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number]
  switch (int(4)) {
    case 0: return `${y}-${String(m).padStart(2, '0')}-${String(day === 28 ? 27 : day + 1).padStart(2, '0')}`
    case 1: return `${y}-${String(m === 12 ? 11 : m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    case 2: return `${y + 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    default: return `${y}`
  }
}

// ---------------------------------------------------------------- Russian Cyrillic
// Published systems, letter by letter (lower case; capitals are restored after).
const BGN: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya' }
const ICAO: Record<string, string> = { ...BGN, ё: 'e', й: 'i', ъ: 'ie', ю: 'iu', я: 'ia' }
const GERMAN: Record<string, string> = { ...BGN, в: 'w', ж: 'sch', з: 's', й: 'j', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch', ю: 'ju', я: 'ja', ё: 'jo', с: 's', ы: 'y' }
const VOWELS_CYR = 'аеёиоуыэюяьъй'

function romanise (cyr: string, table: Record<string, string>, system: 'bgn' | 'icao' | 'german'): string {
  return cyr.split(' ').map((word) => {
    let out = ''
    const lower = word.toLowerCase()
    for (let i = 0; i < lower.length; i++) {
      const c = lower[i]!
      const prev = lower[i - 1]
      // BGN and German write е as ye/je at the start of a word and after a vowel or a sign.
      if (c === 'е' && system !== 'icao' && (prev === undefined || VOWELS_CYR.includes(prev))) out += system === 'german' ? 'je' : 'ye'
      else out += table[c] ?? c
    }
    return out.charAt(0).toUpperCase() + out.slice(1)
  }).join(' ')
}

// [given (m), given (f) or '', father's name for the patronymic, patronymic m, patronymic f]
const CYR_GIVEN_M = ['Аслан', 'Рустам', 'Руслан', 'Магомед', 'Ахмед', 'Зелимхан', 'Ислам', 'Адам', 'Хасан', 'Шамиль', 'Иса', 'Муса', 'Умар', 'Тимур', 'Алихан', 'Ибрагим', 'Юсуп', 'Анзор', 'Беслан', 'Мурат', 'Саид', 'Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Евгений', 'Юрий', 'Олег', 'Вадим', 'Хамзат', 'Джабраил', 'Ризван', 'Артур', 'Мовсар', 'Лечи']
const CYR_GIVEN_F = ['Ирина', 'Мадина', 'Зарема', 'Хадижат', 'Петимат', 'Луиза', 'Елена', 'Татьяна', 'Ольга', 'Фатима', 'Марьям', 'Седа', 'Айшат', 'Милана', 'Жанна']
const CYR_SURNAMES = ['Дударов', 'Магомедов', 'Алиев', 'Исаев', 'Ахмедов', 'Хасанов', 'Умаров', 'Мусаев', 'Юсупов', 'Гаджиев', 'Абдуллаев', 'Ибрагимов', 'Эльмурзаев', 'Цечоев', 'Мальсагов', 'Евлоев', 'Кузнецов', 'Смирнов', 'Соколов', 'Волков', 'Петров', 'Морозов', 'Лебедев', 'Козлов', 'Новиков', 'Орлов', 'Жуков', 'Щербаков', 'Чернов', 'Яндиев', 'Бачаев', 'Шишханов', 'Тумгоев', 'Сайдулаев', 'Зубайраев']
const FATHERS: ReadonlyArray<readonly [string, string]> = [
  ['Асланович', 'Аслановна'], ['Магомедович', 'Магомедовна'], ['Ахмедович', 'Ахмедовна'], ['Русланович', 'Руслановна'],
  ['Сергеевич', 'Сергеевна'], ['Андреевич', 'Андреевна'], ['Юрьевич', 'Юрьевна'], ['Алексеевич', 'Алексеевна'],
  ['Хасанович', 'Хасановна'], ['Умарович', 'Умаровна'], ['Ибрагимович', 'Ибрагимовна'], ['Исаевич', 'Исаевна'],
  ['Мусаевич', 'Мусаевна'], ['Шамильевич', 'Шамильевна'], ['Тимурович', 'Тимуровна'], ['Ильич', 'Ильинична'],
  ['Лечиевич', 'Лечиевна'], ['Ризванович', 'Ризвановна']
]
const feminine = (surname: string): string => `${surname}а`

interface CyrPerson { given: string, surname: string, patronymic: string }
function cyrPerson (): CyrPerson {
  const female = random() < 0.3
  const [pm, pf] = pick(FATHERS)
  const surname = pick(CYR_SURNAMES)
  return female ? { given: pick(CYR_GIVEN_F), surname: feminine(surname), patronymic: pf } : { given: pick(CYR_GIVEN_M), surname, patronymic: pm }
}

const SYSTEMS = [['bgn', BGN], ['icao', ICAO], ['german', GERMAN]] as const
function latin (cyr: string): string {
  const [system, table] = pick(SYSTEMS)
  return romanise(cyr, table, system)
}

// ---------------------------------------------------------------- Arabic script
// [Arabic script, usual Latin spellings]
const ARABIC_GIVEN: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['محمد', ['Muhammad', 'Mohammed', 'Mohamed', 'Mohammad', 'Muhammed']],
  ['أحمد', ['Ahmad', 'Ahmed']],
  ['علي', ['Ali', 'Aly']],
  ['عمر', ['Omar', 'Umar']],
  ['يوسف', ['Yusuf', 'Youssef', 'Yousef', 'Yousif']],
  ['حسين', ['Hussein', 'Husayn', 'Hussain', 'Husein']],
  ['حسن', ['Hassan', 'Hasan']],
  ['خالد', ['Khalid', 'Khaled']],
  ['إبراهيم', ['Ibrahim', 'Ebrahim']],
  ['مصطفى', ['Mustafa', 'Moustafa', 'Mostafa']],
  ['محمود', ['Mahmoud', 'Mahmud', 'Mahmood']],
  ['عبد الله', ['Abdullah', 'Abdallah', 'Abd Allah', 'Abdulla']],
  ['عبد الرحمن', ['Abdulrahman', 'Abd al-Rahman', 'Abdurrahman', 'Abdel Rahman', 'Abdul Rahman']],
  ['عبد العزيز', ['Abdulaziz', 'Abdelaziz', 'Abd al-Aziz', 'Abdul Aziz']],
  ['سعيد', ['Said', 'Saeed', 'Saïd']],
  ['كريم', ['Karim', 'Kareem']],
  ['طارق', ['Tariq', 'Tarek', 'Tareq']],
  ['صالح', ['Salih', 'Saleh']],
  ['ياسين', ['Yasin', 'Yassin', 'Yassine']],
  ['إسماعيل', ['Ismail', 'Ismael', 'Esmail']],
  ['رشيد', ['Rashid', 'Rachid', 'Rasheed']],
  ['منصور', ['Mansour', 'Mansur']],
  ['سليمان', ['Suleiman', 'Sulayman', 'Soliman']],
  ['وليد', ['Walid', 'Waleed']],
  ['حمزة', ['Hamza', 'Hamzah']],
  ['بلال', ['Bilal', 'Belal']],
  ['جمال', ['Jamal', 'Djamal']],
  ['ناصر', ['Nasser', 'Naser', 'Nasir']],
  ['عثمان', ['Othman', 'Uthman', 'Osman']],
  ['فاطمة', ['Fatima', 'Fatimah', 'Fatma']],
  ['عائشة', ['Aisha', 'Aicha', 'Aysha']],
  ['مريم', ['Maryam', 'Mariam']],
  ['زينب', ['Zainab', 'Zaynab', 'Zeinab']],
  ['خديجة', ['Khadija', 'Khadijah']],
  ['نور', ['Nour', 'Noor', 'Nur']]
]
const ARABIC_FAMILY: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['الحداد', ['al-Haddad', 'Haddad', 'El Haddad', 'Al Haddad']],
  ['الخطيب', ['al-Khatib', 'Khatib', 'El Khatib', 'Al-Khateeb']],
  ['المصري', ['al-Masri', 'Masri', 'El Masri', 'Al-Masry']],
  ['القاسم', ['al-Qasim', 'Qasim', 'Al Kasim']],
  ['النجار', ['al-Najjar', 'Najjar', 'El Najjar']],
  ['الشامي', ['al-Shami', 'Shami', 'El Chami']],
  ['العمري', ['al-Omari', 'Omari', 'Al Umari']],
  ['الزهراني', ['al-Zahrani', 'Zahrani', 'Al Zahrani']],
  ['السعدي', ['al-Saadi', 'Saadi', 'Al Sadi']],
  ['الحسيني', ['al-Husseini', 'Husseini', 'El Husseini']],
  ['التميمي', ['al-Tamimi', 'Tamimi', 'Al Tamimi']],
  ['الرفاعي', ['al-Rifai', 'Rifai', 'Al Refaei']],
  ['البغدادي', ['al-Baghdadi', 'Baghdadi', 'El Baghdadi']],
  ['العبيدي', ['al-Obaidi', 'Obaidi', 'Al Ubaidi']],
  ['الكردي', ['al-Kurdi', 'Kurdi', 'El Kurdi']]
]

// Persian: Farsi letters (ی ک), Iranian Latin spellings.
const PERSIAN_GIVEN: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['علی', ['Ali']], ['حسین', ['Hossein', 'Hosein', 'Hussein']], ['رضا', ['Reza']], ['مهدی', ['Mehdi', 'Mahdi']],
  ['امیر', ['Amir']], ['سعید', ['Saeed', 'Saeid', 'Said']], ['حمید', ['Hamid']], ['مجید', ['Majid']],
  ['فاطمه', ['Fatemeh', 'Fatemah']], ['زهرا', ['Zahra']], ['مریم', ['Maryam']], ['نرگس', ['Narges']],
  ['پریسا', ['Parisa']], ['شیرین', ['Shirin']], ['بهروز', ['Behrouz', 'Behruz']], ['داریوش', ['Dariush', 'Daryoush']],
  ['کوروش', ['Kourosh', 'Kurosh']], ['جواد', ['Javad']], ['مسعود', ['Masoud', 'Masud']], ['ابراهیم', ['Ebrahim', 'Ibrahim']],
  ['محمد رضا', ['Mohammad Reza', 'Mohammad-Reza']], ['نسرین', ['Nasrin']]
]
const PERSIAN_FAMILY: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['احمدی', ['Ahmadi']], ['رضایی', ['Rezaei', 'Rezaee', 'Rezai']], ['حسینی', ['Hosseini', 'Hoseini']], ['کریمی', ['Karimi']],
  ['محمدی', ['Mohammadi']], ['موسوی', ['Mousavi', 'Musavi']], ['رحیمی', ['Rahimi']], ['جعفری', ['Jafari', 'Jafary']],
  ['قاسمی', ['Ghasemi', 'Qasemi']], ['صادقی', ['Sadeghi', 'Sadeqi']], ['نوری', ['Nouri', 'Nuri']], ['تهرانی', ['Tehrani']],
  ['کاظمی', ['Kazemi']], ['یزدانی', ['Yazdani']], ['شریفی', ['Sharifi']], ['اکبری', ['Akbari']]
]

// Uyghur Arabic script (every vowel written), Uyghur Latin and Chinese-passport pinyin-like spellings.
const UYGHUR_NAMES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ئىلھام', ['Ilham']], ['تۇرسۇن', ['Tursun']], ['ئەركىن', ['Erkin']], ['قۇربان', ['Qurban', 'Kurban']],
  ['ئايگۈل', ['Aygul', 'Aigul']], ['گۈلنار', ['Gulnar']], ['مەھمۇت', ['Mehmut', 'Mahmut']], ['ياقۇپ', ['Yaqup', 'Yakup']],
  ['رەھىم', ['Rehim', 'Rahim']], ['ئابلىز', ['Abliz']], ['ئوسمان', ['Osman']], ['توختى', ['Tohti', 'Tokhti']],
  ['ھەسەن', ['Hesen', 'Hasan']], ['قادىر', ['Qadir', 'Kadir']], ['جۇما', ['Juma']], ['ئەنۋەر', ['Enwer', 'Anwar']],
  ['مەمەت', ['Memet', 'Mamat']], ['ئابدۇكېرىم', ['Abdukerim', 'Abdukirim']], ['نۇرمەمەت', ['Nurmemet']], ['پاتىگۈل', ['Patigul']]
]

// ---------------------------------------------------------------- Chinese
const CN_SURNAMES: ReadonlyArray<readonly [string, string, string]> = [
  ['王', 'Wang', 'Wáng'], ['李', 'Li', 'Lǐ'], ['张', 'Zhang', 'Zhāng'], ['刘', 'Liu', 'Liú'], ['陈', 'Chen', 'Chén'],
  ['杨', 'Yang', 'Yáng'], ['黄', 'Huang', 'Huáng'], ['赵', 'Zhao', 'Zhào'], ['吴', 'Wu', 'Wú'], ['周', 'Zhou', 'Zhōu'],
  ['徐', 'Xu', 'Xú'], ['孙', 'Sun', 'Sūn'], ['马', 'Ma', 'Mǎ'], ['朱', 'Zhu', 'Zhū'], ['胡', 'Hu', 'Hú'],
  ['郭', 'Guo', 'Guō'], ['林', 'Lin', 'Lín'], ['罗', 'Luo', 'Luó'], ['高', 'Gao', 'Gāo'], ['欧阳', 'Ouyang', 'Ōuyáng']
]
// [characters, syllables, syllables with tones]
const CN_GIVEN: ReadonlyArray<readonly [string, readonly string[], readonly string[]]> = [
  ['伟', ['Wei'], ['Wěi']], ['芳', ['Fang'], ['Fāng']], ['娜', ['Na'], ['Nà']], ['秀英', ['Xiu', 'ying'], ['Xiù', 'yīng']],
  ['敏', ['Min'], ['Mǐn']], ['静', ['Jing'], ['Jìng']], ['强', ['Qiang'], ['Qiáng']], ['磊', ['Lei'], ['Lěi']],
  ['军', ['Jun'], ['Jūn']], ['杰', ['Jie'], ['Jié']], ['涛', ['Tao'], ['Tāo']], ['明', ['Ming'], ['Míng']],
  ['小明', ['Xiao', 'ming'], ['Xiǎo', 'míng']], ['建国', ['Jian', 'guo'], ['Jiàn', 'guó']], ['志强', ['Zhi', 'qiang'], ['Zhì', 'qiáng']],
  ['海燕', ['Hai', 'yan'], ['Hǎi', 'yàn']], ['晓东', ['Xiao', 'dong'], ['Xiǎo', 'dōng']], ['文华', ['Wen', 'hua'], ['Wén', 'huá']],
  ['红梅', ['Hong', 'mei'], ['Hóng', 'méi']], ['桂英', ['Gui', 'ying'], ['Guì', 'yīng']], ['国华', ['Guo', 'hua'], ['Guó', 'huá']],
  ['丽华', ['Li', 'hua'], ['Lì', 'huá']], ['春生', ['Chun', 'sheng'], ['Chūn', 'shēng']], ['玉兰', ['Yu', 'lan'], ['Yù', 'lán']]
]

// ---------------------------------------------------------------- Turkish
const TR_GIVEN: ReadonlyArray<readonly [string, string]> = [
  ['Mehmet', 'Mehmet'], ['Mustafa', 'Mustafa'], ['Ahmet', 'Ahmet'], ['Hüseyin', 'Huseyin'], ['İbrahim', 'Ibrahim'],
  ['İsmail', 'Ismail'], ['Ömer', 'Omer'], ['Ayşe', 'Ayse'], ['Hatice', 'Hatice'], ['Zeynep', 'Zeynep'], ['Şükrü', 'Sukru'],
  ['Gökhan', 'Gokhan'], ['Ümit', 'Umit'], ['Çağlar', 'Caglar'], ['Barış', 'Baris'], ['Özlem', 'Ozlem'], ['Işıl', 'Isil'],
  ['Oğuz', 'Oguz'], ['Gülşen', 'Gulsen'], ['Tuğba', 'Tugba']
]
const TR_SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['Şahin', 'Sahin'], ['Çelik', 'Celik'], ['Yılmaz', 'Yilmaz'], ['Öztürk', 'Ozturk'], ['Doğan', 'Dogan'], ['Kılıç', 'Kilic'],
  ['Aydın', 'Aydin'], ['Özdemir', 'Ozdemir'], ['Koç', 'Koc'], ['Şimşek', 'Simsek'], ['Erdoğan', 'Erdogan'], ['Güneş', 'Gunes'],
  ['Çakır', 'Cakir'], ['Yıldız', 'Yildiz'], ['Kaplan', 'Kaplan'], ['Aslan', 'Aslan']
]

// ---------------------------------------------------------------- Georgian, Armenian
const KA_GIVEN: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['გიორგი', ['Giorgi']], ['დავით', ['Davit']], ['ნიკოლოზ', ['Nikoloz']], ['ლევან', ['Levan']], ['ირაკლი', ['Irakli']],
  ['ზურაბ', ['Zurab']], ['თამარ', ['Tamar']], ['ნინო', ['Nino']], ['მარიამ', ['Mariam']], ['ლაშა', ['Lasha']],
  ['ბექა', ['Beka']], ['ვახტანგ', ['Vakhtang', 'Vakhtangi']], ['შოთა', ['Shota']], ['მამუკა', ['Mamuka']], ['ეკატერინე', ['Ekaterine']]
]
const KA_SURNAMES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ბერიძე', ['Beridze']], ['კაპანაძე', ['Kapanadze']], ['გელაშვილი', ['Gelashvili']], ['მაისურაძე', ['Maisuradze']],
  ['ლომიძე', ['Lomidze']], ['ჯაფარიძე', ['Japaridze', 'Djaparidze', 'Dzhaparidze']], ['ხუციშვილი', ['Khutsishvili']],
  ['წიკლაური', ['Tsiklauri']], ['ქავთარაძე', ['Kavtaradze']], ['ჭავჭავაძე', ['Chavchavadze']], ['ღლონტი', ['Ghlonti']],
  ['ყიფიანი', ['Kipiani', 'Qipiani']]
]
const HY_GIVEN: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Արամ', ['Aram']], ['Արմեն', ['Armen']], ['Տիգրան', ['Tigran']], ['Գագիկ', ['Gagik']], ['Հովհաննես', ['Hovhannes']],
  ['Կարեն', ['Karen']], ['Աշոտ', ['Ashot']], ['Նարեկ', ['Narek']], ['Անի', ['Ani']], ['Լուսինե', ['Lusine']],
  ['Մարիամ', ['Mariam']], ['Գայանե', ['Gayane']], ['Արթուր', ['Artur']], ['Սուրեն', ['Suren']]
]
const HY_SURNAMES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Պետրոսյան', ['Petrosyan', 'Petrosian']], ['Հարությունյան', ['Harutyunyan', 'Harutiunian']], ['Գրիգորյան', ['Grigoryan', 'Grigorian']],
  ['Սարգսյան', ['Sargsyan', 'Sargsian']], ['Հակոբյան', ['Hakobyan', 'Hakobian']], ['Մկրտչյան', ['Mkrtchyan', 'Mkrtchian']],
  ['Ավետիսյան', ['Avetisyan', 'Avetisian']], ['Խաչատրյան', ['Khachatryan', 'Khachatrian']], ['Վարդանյան', ['Vardanyan', 'Vardanian']],
  ['Կարապետյան', ['Karapetyan', 'Karapetian']]
]

// Azerbaijani, Kazakh and Kyrgyz names with a patronymic particle.
const TURKIC_PATRONYMIC: ReadonlyArray<readonly [string, string, string, string]> = [
  // [given, father, particle, surname]
  ['Ilham', 'Heydar', 'oglu', 'Aliyev'], ['Rauf', 'Vagif', 'oglu', 'Mammadov'], ['Elnur', 'Rasim', 'oglu', 'Huseynov'],
  ['Leyla', 'Akif', 'qizi', 'Hasanova'], ['Gunel', 'Elchin', 'qizi', 'Ismayilova'], ['Orxan', 'Tofiq', 'oglu', 'Quliyev'],
  ['Aigerim', 'Nurlan', 'kyzy', 'Sadykova'], ['Almaz', 'Temir', 'uulu', 'Bakirov'], ['Bakyt', 'Asan', 'uulu', 'Zhumabaev'],
  ['Nurlan', 'Serik', 'uly', 'Abenov'], ['Samir', 'Namiq', 'oglu', 'Najafov'], ['Aynur', 'Vugar', 'qizi', 'Aliyeva'],
  ['Ruslan', 'Ramiz', 'ogly', 'Guliyev'], ['Nigar', 'Fuad', 'kyzy', 'Rzayeva'], ['Kamran', 'Ilgar', 'oglu', 'Babayev']
]

// ---------------------------------------------------------------- disguises
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u00AD', '\u200E', '\u200F', '\u2060', '\uFEFF', '\uFE0F', '\u202A', '\u2066']
const LOOKALIKE: Record<string, readonly string[]> = {
  a: ['а', 'α'],
  e: ['е'],
  o: ['о', 'ο'],
  p: ['р', 'ρ'],
  c: ['с'],
  x: ['х'],
  y: ['у'],
  i: ['і', 'ι'],
  s: ['ѕ'],
  v: ['ν'],
  A: ['А', 'Α'],
  B: ['В', 'Β'],
  E: ['Е', 'Ε'],
  H: ['Н', 'Η'],
  K: ['К', 'Κ'],
  M: ['М', 'Μ'],
  O: ['О', 'Ο'],
  P: ['Р', 'Ρ'],
  T: ['Т', 'Τ'],
  X: ['Х', 'Χ']
}
function withInvisible (name: string): string {
  const chars = [...name]
  for (let n = 1 + int(2); n > 0; n--) chars.splice(1 + int(chars.length - 1), 0, pick(INVISIBLE))
  return chars.join('')
}
function withLookalikes (name: string): string {
  const chars = [...name]
  const candidates = chars.map((c, i) => [c, i] as const).filter(([c]) => LOOKALIKE[c] !== undefined)
  for (let n = 1 + int(2); n > 0 && candidates.length > 0; n--) {
    const [c, i] = candidates.splice(int(candidates.length), 1)[0]!
    chars[i] = pick(LOOKALIKE[c]!)
  }
  return chars.join('')
}

// ---------------------------------------------------------------- pairs
const pairs: Pair[] = []
const same = (kind: string, a: string, b: string, dob = date(), extra: Partial<Record<'aAliases' | 'bAliases', string[]>> = {}): void => {
  pairs.push({ kind, same: true, a: { fullName: a, ...(extra.aAliases ? { aliases: extra.aAliases } : {}), dateOfBirth: dob }, b: { fullName: b, ...(extra.bAliases ? { aliases: extra.bAliases } : {}), dateOfBirth: dob } })
}
const different = (kind: string, a: string, b: string, dobA: string, dobB: string): void => {
  pairs.push({ kind, same: false, a: { fullName: a, dateOfBirth: dobA }, b: { fullName: b, dateOfBirth: dobB } })
}
const upper = (s: string): string => s.toUpperCase()

// Cyrillic <-> Latin, by the systems above, in either order and Interpol's capitals.
for (let n = 0; n < 45; n++) {
  const p = cyrPerson()
  const cyr = `${p.given} ${p.surname}`
  const lat = latin(cyr)
  const form = int(3)
  same('cyrillic-latin', cyr, form === 0 ? lat : form === 1 ? upper(lat.split(' ').reverse().join(' ')) : `${lat.split(' ')[1]}, ${lat.split(' ')[0]}`)
}
// Two Latin systems of one Cyrillic name.
for (let n = 0; n < 25; n++) {
  const p = cyrPerson()
  const cyr = `${p.given} ${p.surname}`
  same('latin-latin-russian', romanise(cyr, BGN, 'bgn'), pick([romanise(cyr, ICAO, 'icao'), romanise(cyr, GERMAN, 'german')]))
}
// With and without the patronymic, order swapped (Interpol: SURNAME GIVEN, no patronymic).
for (let n = 0; n < 40; n++) {
  const p = cyrPerson()
  const full = `${p.given} ${p.patronymic} ${p.surname}`
  const form = int(4)
  if (form === 0) same('patronymic', full, `${p.surname} ${p.given}`)
  else if (form === 1) same('patronymic', latin(full), upper(latin(`${p.surname} ${p.given}`)))
  else if (form === 2) same('patronymic', `${p.surname} ${p.given} ${p.patronymic}`, latin(`${p.given} ${p.surname}`))
  else same('patronymic', upper(latin(`${p.surname} ${p.given} ${p.patronymic}`)), `${p.given} ${p.surname}`)
}
// Azerbaijani, Kazakh, Kyrgyz patronymic particles.
for (const [given, father, particle, surname] of TURKIC_PATRONYMIC) {
  same('turkic-patronymic', `${given} ${father} ${particle} ${surname}`, upper(`${surname} ${given}`))
}
// Invisible characters and lookalike letters (Cyrillic, Greek) inside Latin names.
for (let n = 0; n < 20; n++) {
  const lat = latin(`${cyrPerson().given} ${cyrPerson().surname}`)
  same('invisible', withInvisible(lat), lat)
}
for (let n = 0; n < 25; n++) {
  const lat = latin(`${cyrPerson().given} ${cyrPerson().surname}`)
  const shown = random() < 0.4 ? upper(lat) : lat
  same('lookalikes', withLookalikes(shown), lat)
}
for (let n = 0; n < 8; n++) {
  const lat = latin(`${cyrPerson().given} ${cyrPerson().surname}`)
  same('lookalikes+invisible', withInvisible(withLookalikes(lat)), upper(lat))
}
// Arabic script <-> Latin spellings, and Latin spellings of one Arabic name.
for (let n = 0; n < 45; n++) {
  const [ga, gl] = pick(ARABIC_GIVEN); const [fa, fl] = pick(ARABIC_GIVEN); const [sa, sl] = pick(ARABIC_FAMILY)
  const ar = `${ga} ${fa} ${sa}`
  const la = `${pick(gl)} ${pick(fl)} ${pick(sl)}`
  same('arabic-latin', ar, random() < 0.3 ? upper(la) : la)
}
for (let n = 0; n < 30; n++) {
  const [, gl] = pick(ARABIC_GIVEN); const [, sl] = pick(ARABIC_FAMILY)
  same('arabic-name-latin-variants', `${pick(gl)} ${pick(sl)}`, `${pick(gl)} ${pick(sl)}`)
}
for (let n = 0; n < 25; n++) {
  const [ga, gl] = pick(PERSIAN_GIVEN); const [sa, sl] = pick(PERSIAN_FAMILY)
  same('persian-latin', `${ga} ${sa}`, random() < 0.5 ? `${pick(gl)} ${pick(sl)}` : `${pick(sl)} ${pick(gl)}`)
}
for (let n = 0; n < 20; n++) {
  const [ga, gl] = pick(UYGHUR_NAMES); const [fa, fl] = pick(UYGHUR_NAMES)
  same('uyghur-latin', `${ga} ${fa}`, `${pick(gl)} ${pick(fl)}`)
}
// Chinese characters <-> pinyin: tones or none, given name joined or split, either order.
for (let n = 0; n < 35; n++) {
  const [sc, sp, st] = pick(CN_SURNAMES); const [gc, gp, gt] = pick(CN_GIVEN)
  const syllables = int(2) === 0 ? gp : gt
  const surname = syllables === gt ? st : sp
  const joined = syllables.join('')
  const given = int(3) === 0 ? syllables.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('-') : joined.charAt(0).toUpperCase() + joined.slice(1)
  const form = int(3)
  same('chinese-pinyin', `${sc}${gc}`, form === 0 ? `${surname} ${given}` : form === 1 ? `${given} ${surname}` : upper(`${surname} ${given}`))
}
// Turkish letters <-> ASCII, capitals (İ, I).
for (let n = 0; n < 25; n++) {
  const [g, ga] = pick(TR_GIVEN); const [s, sa] = pick(TR_SURNAMES)
  same('turkish', random() < 0.3 ? upper(`${g} ${s}`.replace(/i/g, 'İ').replace(/ı/g, 'I')) : `${g} ${s}`, random() < 0.5 ? `${ga} ${sa}` : upper(`${sa} ${ga}`))
}
for (let n = 0; n < 20; n++) {
  const [g, gl] = pick(KA_GIVEN); const [s, sl] = pick(KA_SURNAMES)
  same('georgian', `${g} ${s}`, random() < 0.5 ? `${pick(gl)} ${pick(sl)}` : upper(`${pick(sl)} ${pick(gl)}`))
}
for (let n = 0; n < 20; n++) {
  const [g, gl] = pick(HY_GIVEN); const [s, sl] = pick(HY_SURNAMES)
  same('armenian', `${g} ${s}`, random() < 0.5 ? `${pick(gl)} ${pick(sl)}` : upper(`${pick(sl)} ${pick(gl)}`))
}
// An alias of one report is the full name of the other.
for (let n = 0; n < 10; n++) {
  const p = cyrPerson()
  // A report under another name the person used, with the real one as an alias; the other report has the real one.
  same('alias', latin(`${pick(CYR_GIVEN_M)} ${pick(CYR_SURNAMES)}`), upper(latin(`${p.surname} ${p.given}`)), date(), { aAliases: [`${p.given} ${p.surname}`] })
}
// Year only on both sides.
for (let n = 0; n < 10; n++) {
  const p = cyrPerson()
  same('year-only', `${p.given} ${p.surname}`, latin(`${p.surname} ${p.given}`), String(1950 + int(55)))
}

// ------------------------------------------------------------ hard false pairs
// The same person's name, another birth date.
for (let n = 0; n < 60; n++) {
  const p = cyrPerson(); const d = date()
  different('namesake-other-date', `${p.given} ${p.surname}`, latin(`${p.surname} ${p.given}`), d, otherDate(d))
}
for (let n = 0; n < 30; n++) {
  const [ga, gl] = pick(ARABIC_GIVEN); const [sa, sl] = pick(ARABIC_FAMILY); const d = date()
  different('namesake-other-date', `${ga} ${sa}`, `${pick(gl)} ${pick(sl)}`, d, otherDate(d))
}
for (let n = 0; n < 20; n++) {
  const [sc, sp] = pick(CN_SURNAMES); const [gc, gp] = pick(CN_GIVEN); const d = date()
  different('namesake-other-date', `${sc}${gc}`, `${sp} ${gp.join('')}`, d, otherDate(d))
}
for (let n = 0; n < 20; n++) {
  const [g] = pick(TR_GIVEN); const [s] = pick(TR_SURNAMES); const d = date()
  different('namesake-other-date', `${g} ${s}`, `${g} ${s}`, d, otherDate(d))
}
// Similar names of different people, same birth date.
const SIMILAR: ReadonlyArray<readonly [string, string]> = [
  ['Aslan Dudarov', 'Aslan Dudaev'], ['Aslan Dudarov', 'Arslan Dudarov'], ['Ruslan Magomedov', 'Ruslana Magomedova'],
  ['Ruslan Aliev', 'Rustam Aliev'], ['Ali Aliev', 'Alia Alieva'], ['Magomed Magomedov', 'Magomed Magomadov'],
  ['Ahmed Isaev', 'Ahmed Musaev'], ['Ivan Petrov', 'Petr Ivanov'], ['Zelimkhan Umarov', 'Zelimkhan Usmanov'],
  ['Adam Khasanov', 'Adlan Khasanov'], ['Timur Yusupov', 'Timur Yunusov'], ['Islam Ibragimov', 'Ilyas Ibragimov'],
  ['Shamil Basaev', 'Shamil Baisaev'], ['Beslan Tsechoev', 'Beslan Tsokoev'], ['Murat Gadzhiev', 'Murad Gadzhiev'],
  ['Elena Smirnova', 'Alena Smirnova'], ['Sergei Kozlov', 'Sergei Kozlovsky'], ['Oleg Orlov', 'Gleb Orlov'],
  ['Mohammed Haddad', 'Mahmoud Haddad'], ['Ahmad Khatib', 'Hamid Khatib'], ['Ali Masri', 'Alia Masri'],
  ['Yusuf Tamimi', 'Yunus Tamimi'], ['Khalid Najjar', 'Khalil Najjar'], ['Karim Haddad', 'Kamal Haddad'],
  ['Hamza Omari', 'Hamid Omari'], ['Fatima Zahrani', 'Fatin Zahrani'], ['Omar Saadi', 'Ammar Saadi'],
  ['Tariq Rifai', 'Tarif Rifai'], ['Salih Obaidi', 'Salim Obaidi'], ['Nasser Kurdi', 'Nizar Kurdi'],
  ['Reza Karimi', 'Reza Rahimi'], ['Ali Ahmadi', 'Ali Mohammadi'], ['Hamid Sadeghi', 'Majid Sadeghi'], ['Mehdi Jafari', 'Mehdi Akbari'],
  ['Wang Wei', 'Wang Fei'], ['Zhang Wei', 'Zhang Wen'], ['Li Na', 'Li Nan'], ['Chen Jie', 'Chen Jia'], ['Liu Yang', 'Liu Ying'],
  ['王伟', '王玮'], ['李娜', '李楠'], ['张敏', '张民'], ['Zhou Ming', 'Zhou Min'], ['Huang Lei', 'Huang Li'],
  ['Mehmet Yılmaz', 'Mehmet Yıldız'], ['Ayşe Çelik', 'Ayşe Çetin'], ['Ömer Aydın', 'Ömer Aydoğan'], ['Hüseyin Koç', 'Hüseyin Koçak'],
  ['Giorgi Beridze', 'Giorgi Berishvili'], ['Levan Lomidze', 'Levan Lomadze'], ['Nino Kapanadze', 'Nino Kavtaradze'],
  ['Aram Petrosyan', 'Aram Petrov'], ['Armen Grigoryan', 'Armen Gasparyan'], ['Tigran Sargsyan', 'Tigran Sarkisov'],
  ['Ilham Tohti', 'Ilham Tursun'], ['Erkin Qadir', 'Erkin Qasim'], ['Aslan Testov', 'Aslan Testoev']
]
for (const [a, b] of SIMILAR) { const d = date(); different('similar-name-same-date', a, b, d, d) }
// More of the same kind: one letter of the surname changed, real alternatives only.
const SURNAME_NEIGHBOURS: ReadonlyArray<readonly [string, string]> = [
  ['Dudarov', 'Dudaev'], ['Magomedov', 'Magomadov'], ['Isaev', 'Isakov'], ['Akhmedov', 'Akhmadov'], ['Umarov', 'Usmanov'],
  ['Musaev', 'Musalaev'], ['Yusupov', 'Yunusov'], ['Gadzhiev', 'Gadzhimuradov'], ['Kuznetsov', 'Kuzmin'], ['Sokolov', 'Sobolev'],
  ['Volkov', 'Volkonsky'], ['Petrov', 'Petrenko'], ['Morozov', 'Morozkin'], ['Lebedev', 'Lebedinsky'], ['Novikov', 'Novik'],
  ['Zhukov', 'Zhuk'], ['Chernov', 'Chernyshov'], ['Yandiev', 'Yandarov'], ['Bachaev', 'Bakhaev'], ['Tumgoev', 'Tumsoev']
]
for (let n = 0; n < 50; n++) {
  const [s1, s2] = pick(SURNAME_NEIGHBOURS); const g = latin(pick(CYR_GIVEN_M)); const d = date()
  different('similar-name-same-date', `${g} ${s1}`, `${g} ${s2}`, d, d)
}
// Siblings: one surname, different given names; twins share the birth date.
for (let n = 0; n < 60; n++) {
  const s = pick(CYR_SURNAMES); const g1 = pick(CYR_GIVEN_M); let g2 = pick(CYR_GIVEN_M)
  while (g2 === g1) g2 = pick(CYR_GIVEN_M)
  const d = date(); const twins = n % 3 === 0
  different(twins ? 'siblings-twins' : 'siblings', `${g1} ${s}`, latin(`${g2} ${s}`), d, twins ? d : otherDate(d))
}
for (let n = 0; n < 30; n++) {
  const [, sl] = pick(ARABIC_FAMILY); const [g1a, g1] = pick(ARABIC_GIVEN); let [g2a, g2] = pick(ARABIC_GIVEN)
  while (g2a === g1a) [g2a, g2] = pick(ARABIC_GIVEN)
  const s = pick(sl); const d = date(); const twins = n % 3 === 0
  different(twins ? 'siblings-twins' : 'siblings', `${pick(g1)} ${s}`, `${pick(g2)} ${s}`, d, twins ? d : otherDate(d))
}
for (let n = 0; n < 20; n++) {
  const [sc] = pick(CN_SURNAMES); const [g1] = pick(CN_GIVEN); let [g2] = pick(CN_GIVEN)
  while (g2 === g1) [g2] = pick(CN_GIVEN)
  const d = date(); const twins = n % 2 === 0
  different(twins ? 'siblings-twins' : 'siblings', `${sc}${g1}`, `${sc}${g2}`, d, twins ? d : otherDate(d))
}
// With and without the patronymic, but different fathers' sons: same given name, surname and date.
for (let n = 0; n < 15; n++) {
  const p = cyrPerson(); let q = cyrPerson()
  while (q.patronymic === p.patronymic || q.given === p.given) q = cyrPerson()
  const d = date()
  different('different-given-same-patronymic', `${p.given} ${p.patronymic} ${p.surname}`, `${q.given} ${p.patronymic} ${p.surname}`, d, d)
}

// One pair per line, so a diff of the file shows which pairs changed.
writeFileSync(new URL('./name-pairs.json', import.meta.url), [
  '{',
  ' "about": "Synthetic name pairs (no real people) for eval/names.ts; built by eval/build-name-pairs.ts.",',
  ' "pairs": [',
  pairs.map((pair) => `  ${JSON.stringify(pair)}`).join(',\n'),
  ' ]',
  '}',
  ''
].join('\n'))
console.log(`${pairs.filter((p) => p.same).length} true pairs, ${pairs.filter((p) => !p.same).length} false pairs`)
