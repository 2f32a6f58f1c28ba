import { describe, expect, it } from 'vitest'
import { classifyCharge, extractLegalProvision } from '../../src/domain/interpol.ts'

describe('classifyCharge', () => {
  it.each([
    // The real samples.
    ['Participation in an  illegal armed formation', 'armed_group'],
    ['Attempted murder coinciding with attempted jointly committed aggravated robbery and kidnapping for ransom', 'violent'],
    // Russian wording, any case ending, ё or е.
    ['участие в незаконном вооружённом формировании', 'armed_group'],
    ['Участие в незаконном вооруженном формировании на территории иностранного государства', 'armed_group'],
    ['Article 208', 'armed_group'],
    ['ч. 2 ст. 208 УК РФ', 'armed_group'],
    ['Membership of an armed terrorist organisation', 'terrorism'],
    ['Public calls for terrorist activity (Art. 205.2)', 'terrorism'],
    ['Содействие террористической деятельности', 'terrorism'],
    ['Organisation of the activity of an extremist organisation', 'extremism'],
    ['Статья 282.2 часть 1', 'extremism'],
    ['Membership of FETÖ', 'extremism'],
    ['Evasion of military service', 'military_service'],
    ['Дезертирство', 'military_service'],
    ['Public dissemination of knowingly false information about the Russian Armed Forces', 'speech'],
    ['Публичные действия, направленные на дискредитацию Вооруженных Сил', 'speech'],
    ['Insulting the President', 'insult_or_honour'],
    ['Клевета', 'insult_or_honour'],
    ['Organisation of mass riots', 'assembly_or_protest'],
    ['Участие в массовых беспорядках', 'assembly_or_protest'],
    ['Rape', 'sexual'],
    ['Убийство', 'violent'],
    ['Разбой', 'violent'],
    ['Trafficking of narcotic drugs', 'drugs'],
    ['Незаконный сбыт наркотических средств', 'drugs'],
    ['Issuing a cheque without sufficient funds', 'private_dispute'],
    ['Fraud', 'fraud'],
    ['Мошенничество в особо крупном размере', 'fraud'],
    ['Embezzlement', 'economic'],
    ['Tax evasion', 'economic'],
    ['Legalisation of funds acquired by criminal means', 'economic'],
    ['Присвоение или растрата', 'economic'],
    ['Theft', 'property'],
    ['Кража', 'property'],
    ['Illegal border crossing', 'administrative'],
    ['Something else entirely', 'other'],
    ['', 'other']
  ] as const)('%s → %s', (text, category) => {
    expect(classifyCharge(text)).toBe(category)
  })

  it('applies Russian article numbers only to Russian or unattributed charges', () => {
    expect(classifyCharge('Article 208', 'RU')).toBe('armed_group')
    expect(classifyCharge('Article 208', 'KZ')).toBe('other')
    // India's Section 302 is murder, Russia's Art. 302 is not: sections are never looked up.
    expect(classifyCharge('Indian Penal Code- Section 302')).toBe('other')
    expect(classifyCharge('Article 159 part 4', 'RU')).toBe('fraud')
    expect(classifyCharge('Article 207.3', 'RU')).toBe('speech')
    expect(classifyCharge('Article 207', 'RU')).toBe('other')
  })

  it('does not match inside other words', () => {
    expect(classifyCharge('Patriotic education')).toBe('other') // "riot"
    expect(classifyCharge('Skilled labour')).toBe('other') // "kill"
    expect(classifyCharge('Taxi licence')).toBe('other') // "tax"
  })

  it('stays fast on adversarial input', () => {
    const started = performance.now()
    classifyCharge('незаконн'.repeat(2000) + 'a'.repeat(20_000))
    classifyCharge('article '.repeat(3000))
    classifyCharge('незаконн-'.repeat(2000))
    classifyCharge('вооруж-'.repeat(3000))
    expect(performance.now() - started).toBeLessThan(500)
  })
})

describe('extractLegalProvision', () => {
  it.each([
    ['Article 208 Part 2 of the Criminal Code', 'Article 208 Part 2'],
    ['ч. 2 ст. 208 УК РФ', 'ч. 2 ст. 208'],
    ['Статья 282.2 часть 1', 'Статья 282.2 часть 1'],
    ['Indian Penal Code- Section 302', 'Section 302'],
    ['§ 129a StGB', '§ 129'],
    ['Participation in an illegal armed formation', undefined]
  ])('%s → %s', (text, provision) => {
    expect(extractLegalProvision(text)).toBe(provision)
  })
})
