/**
 * Classifies the free-text charge of an arrest warrant into the api.md charge categories.
 *
 * Interpol publishes the charge in the issuing state's wording, sometimes in Russian, often as a
 * bare statute citation, and never with a category (docs/domain.md §2.3), so we classify it.
 * Keyword rules run first, in priority order (the most specific and most political categories
 * first, so "membership of a terrorist armed group" is terrorism, not violence); article numbers
 * of the Russian Criminal Code are the fallback. The result is a suggestion the reporter can
 * correct, so erring towards `other` is fine.
 *
 * All regexes are alternations of literals with at most `\S{0,20}` between words, so matching
 * stays linear even on hostile text (an unbounded `\S*` would rescan to the end from every start).
 */
import type { ChargeCategory } from '../schemas/vocabularies.ts'

// Stems must start a word (no letter or digit before them); they may end anywhere, which lets
// one stem match every Russian case ending. `\S{0,20}` covers an ending between two stems;
// `(?!\p{L})` closes short English words.
function stems (...alternatives: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'iu')
}

const RULES: ReadonlyArray<readonly [ChargeCategory, RegExp]> = [
  ['armed_group', stems(
    'illegal armed (?:formation|group)', 'armed formation', 'paramilitary', 'mercenar',
    'незаконн\\S{0,20} вооруж\\S{0,20} формировани', 'вооруж\\S{0,20} формировани', 'наемничеств'
  )],
  ['terrorism', stems('terroris', 'террор', 'isis(?!\\p{L})', 'isil(?!\\p{L})', 'daesh', 'islamic state', 'исламско\\S{0,20} государств')],
  ['extremism', stems(
    'extremis', 'экстремис', 'экстремиз', 'separatis', 'сепаратиз', 'incitement to (?:\\S+ )?hatred',
    'ненавист', 'undesirable organi[sz]ation', 'нежелательн\\S{0,20} организаци', 'gülen', 'fethullah', 'fetö',
    'hizb ut-tahrir', 'хизб ут-тахрир', 'jehovah', 'иегов'
  )],
  ['military_service', stems(
    'desertion', 'deserter', 'military service', 'conscription', 'draft evasion', 'mobili[sz]ation',
    'absent without leave', 'дезертир', 'уклонени\\S{0,20} от (?:призыва|военной|прохождения|мобилизаци)',
    'самовольн\\S{0,20} оставлени\\S{0,20} части', 'воинск\\S{0,20} учет'
  )],
  ['speech', stems(
    'fake', 'false information about', 'discredit', 'public calls', 'propaganda', 'blasphem',
    'заведомо ложн\\S{0,20} информаци', 'дискредитаци', 'публичн\\S{0,20} призыв', 'пропаганд', 'чувств\\S{0,20} верующих'
  )],
  ['insult_or_honour', stems('insult', 'defamation', 'libel', 'slander', 'lese.majest', 'lèse.majest', 'оскорблени', 'клевет')],
  ['assembly_or_protest', stems(
    'mass riot', 'riot', 'unauthori[sz]ed (?:rally|assembly|protest|demonstration|public event)', 'public event',
    'protest', 'массов\\S{0,20} беспорядк', 'публичн\\S{0,20} мероприяти', 'митинг'
  )],
  ['sexual', stems('rape(?!\\p{L})', 'sexual', 'pornograph', 'indecent', 'изнасиловани', 'сексуальн', 'половой неприкосновенности')],
  ['violent', stems(
    'murder', 'homicide', 'manslaughter', 'kill', 'assault', 'robbery', 'kidnap', 'abduct', 'hostage',
    'bodily harm', 'bodily injur', 'extortion', 'bandit', 'firearm', 'weapon', 'убийств', 'разбо', 'грабеж',
    'похищени', 'вред\\S{0,20} здоровью', 'бандитиз', 'вымогательств', 'оружи'
  )],
  ['drugs', stems(
    'drug', 'narcotic', 'psychotropic', 'cocaine', 'heroin', 'cannabis', 'marijuana', 'methamphetamine',
    'наркот', 'психотроп'
  )],
  // Before fraud and economic: RPD Art. 83 treats cheque and family-support matters as private.
  ['private_dispute', stems(
    'cheque', 'bad check', 'bounced check', 'alimony', 'child support', 'breach of contract',
    'алимент', 'средств на содержание'
  )],
  ['fraud', stems('fraud', 'swindl', 'deceit', 'deception', 'forg(?:ery|ed)', 'мошенничеств', 'подделк', 'подлог')],
  ['economic', stems(
    'embezzl', 'misappropriat', 'tax(?:es|ation)?(?!\\p{L})', 'money laundering', 'laundering', 'legali[sz]ation of',
    'brib', 'corrupt', 'abuse of (?:office|power|authority|official)', 'smuggl', 'customs', 'illegal entrepreneur',
    'bankrupt', 'растрат', 'присвоени', 'налог', 'легализаци', 'отмывани', 'взятк', 'коррупци',
    'злоупотреблени', 'контрабанд', 'незаконн\\S{0,20} предпринимательств', 'банкротств'
  )],
  ['property', stems(
    'theft', 'steal', 'stolen', 'burglar', 'larceny', 'arson', 'vandal', 'damage to property',
    'краж', 'поджог', 'хищени', '(?:уничтожени|повреждени)\\S{0,20} (?:чужого )?имуществ'
  )],
  ['administrative', stems(
    'administrative', 'traffic', 'illegal (?:border )?crossing', 'visa', 'immigration',
    'административн', 'незаконн\\S{0,20} пересечени\\S{0,20} границ'
  )]
]

/**
 * Articles of the Criminal Code of the Russian Federation that decide the category on their
 * own. Other codes number differently (India's Section 302 is murder; Russia's Art. 302 is
 * coercion to testify), so this table only applies to Russian or unattributed charges.
 */
const RU_ARTICLES: Readonly<Record<string, ChargeCategory>> = {
  105: 'violent',
  111: 'violent',
  126: 'violent',
  128.1: 'insult_or_honour',
  131: 'sexual',
  132: 'sexual',
  148: 'speech',
  158: 'property',
  159: 'fraud',
  160: 'economic',
  161: 'violent',
  162: 'violent',
  163: 'violent',
  167: 'property',
  171: 'economic',
  174: 'economic',
  193: 'economic',
  194: 'economic',
  198: 'economic',
  199: 'economic',
  201: 'economic',
  205: 'terrorism',
  207.3: 'speech',
  208: 'armed_group',
  209: 'violent',
  212: 'assembly_or_protest',
  228: 'drugs',
  229: 'drugs',
  280: 'extremism',
  280.3: 'speech',
  282: 'extremism',
  285: 'economic',
  290: 'economic',
  291: 'economic',
  319: 'insult_or_honour',
  322: 'administrative',
  328: 'military_service',
  337: 'military_service',
  338: 'military_service',
  339: 'military_service'
}

const ARTICLE = /(?<![\p{L}\p{N}])(?:article|art\.?|статья|статьи|статье|ст\.)\s*(\d{1,4})(?:\.(\d{1,2}))?/giu
const PROVISION = /(?<![\p{L}\p{N}])(?:(?:part|ч\.|часть)\s*\d{1,2}[ ,]*)?(?:article|art\.|section|sec\.|статья|статьи|ст\.|§)\s*\d{1,4}(?:\.\d{1,2})?(?:[ ,]*(?:part|paragraph|para\.|ч\.|часть|п\.)\s*\d{1,2})*/iu

function normalise (text: string): string {
  return text.replace(/\s+/g, ' ').replace(/ё/gi, 'е').trim()
}

function byArticle (text: string): ChargeCategory | undefined {
  for (const match of text.matchAll(ARTICLE)) {
    const [, article, sub] = match
    const exact = sub === undefined ? undefined : RU_ARTICLES[`${article}.${sub}`]
    const category = exact ?? RU_ARTICLES[article ?? '']
    if (category !== undefined) return category
  }
  return undefined
}

/**
 * Suggests a charge category for `text` (English or Russian). `issuingCountry` (ISO-2) switches
 * the Russian article table off for charges of other states.
 */
export function classifyCharge (text: string, issuingCountry?: string): ChargeCategory {
  const normalised = normalise(text)
  for (const [category, pattern] of RULES) {
    if (pattern.test(normalised)) return category
  }
  if (issuingCountry === undefined || issuingCountry === 'RU') {
    return byArticle(normalised) ?? 'other'
  }
  return 'other'
}

/** The first statute citation in `text` ("Article 208 Part 2", "ст. 205.2"), if any. */
export function extractLegalProvision (text: string): string | undefined {
  return PROVISION.exec(normalise(text))?.[0].trim()
}
