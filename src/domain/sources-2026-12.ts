import type { SourceRef } from './types.ts'

// Sources of the weights ruleset 2026.12.1 adds or changes. Each has a title, publisher, date and a link
// or official reference; primary documents (Interpol's own texts, judgments, UN decisions) first.

const src = (s: Omit<SourceRef, 'citation'>): SourceRef => ({
  citation: `${s.publisher ?? ''}, ${s.title ?? ''} (${s.date ?? ''})${s.reference === undefined ? '' : `, ${s.reference}`}`,
  ...s
})

export const SRC_2026_12 = {
  interpolNeutrality: src({
    title: 'Neutrality (Article 3 of the Constitution): the predominance test (Resolution AGN/20/RES/11), terrorism (AGN/53/RES/7) and international humanitarian law (AGN/63/RES/9)',
    publisher: 'INTERPOL',
    date: '2015',
    url: 'https://web.archive.org/web/20150316234943/https://www.interpol.int/About-INTERPOL/Legal-materials/Neutrality-Article-3-of-the-Constitution'
  }),
  interpolRepositoryArt3: src({
    title: "Repository of Practice: Application of Article 3 of INTERPOL's Constitution in the context of the processing of information via INTERPOL's channels, 2nd edition",
    publisher: 'INTERPOL General Secretariat',
    date: '2013-02',
    url: 'https://vdocuments.site/article-coherence-between-the-charges-and-supporting-facts-new-february-2013.html',
    reference: 'Repository of Practice on Article 3, 2nd ed., February 2013 (sections on the status of the person, the general context and coherence between the charges and supporting facts)'
  }),
  rpdArt83Facts: src({
    title: "Rules on the Processing of Data, Art. 83(2)(b)(i): a red notice's summary of facts must give 'a succinct and clear description of the criminal activities of the wanted person, including the time and location'",
    publisher: 'INTERPOL',
    date: '2019',
    reference: 'INTERPOL RPD Art. 83(2)(b)(i), as applied by the CCF (Red Notice Abuse summary of a CCF decision excerpt)',
    url: 'https://rednoticeabuse.com/category/businessmen'
  }),
  interpolWarCrimes: src({
    title: 'Legal framework for fighting war crimes (General Assembly resolutions AGN/63/RES/9, AG-2004-RES-17 on genocide, war crimes and crimes against humanity)',
    publisher: 'INTERPOL',
    date: '2024',
    url: 'https://www.interpol.int/en/Crimes/War-crimes/Legal-framework-for-fighting-war-crimes'
  }),
  refugeeConvention1F: src({
    title: 'Guidelines on International Protection No. 5: Application of the Exclusion Clauses: Article 1F of the 1951 Convention relating to the Status of Refugees',
    publisher: 'UNHCR',
    date: '2003-09-04',
    reference: 'HCR/GIP/03/05',
    url: 'https://www.refworld.org/docid/3f5857684.html'
  }),
  fhOutOfSight: src({
    title: 'Out of Sight, Not Out of Reach: The Global Scale and Scope of Transnational Repression',
    publisher: 'Freedom House',
    date: '2021-02',
    url: 'https://freedomhouse.org/report/transnational-repression'
  }),
  fhStillNotSafe: src({
    title: 'Still Not Safe: Transnational Repression in 2022',
    publisher: 'Freedom House',
    date: '2023-04',
    reference: 'Freedom House report and press release of April 2023 (854 incidents by 38 governments, 2014–2022)'
  }),
  fhTenFindings: src({
    title: 'Ten Findings from Ten Years of Data on Transnational Repression',
    publisher: 'Freedom House',
    date: '2025-02-06',
    url: 'https://freedomhouse.org/article/ten-findings-ten-years-data-transnational-repression'
  }),
  othmanJudgment: src({
    title: 'Othman (Abu Qatada) v. the United Kingdom, §§ 187–189 (factors for assessing assurances)',
    publisher: 'European Court of Human Rights',
    date: '2012-01-17',
    reference: 'ECtHR, no. 8139/09, 17 January 2012'
  }),
  agizaDecision: src({
    title: 'Agiza v. Sweden (assurances without an enforcement mechanism do not protect against a manifest risk)',
    publisher: 'UN Committee against Torture',
    date: '2005-05-20',
    reference: 'CAT/C/34/D/233/2003',
    url: 'https://www.refworld.org/cases,CAT,42ce734a2.html'
  }),
  saadiAssurances: src({
    title: 'Saadi v. Italy [GC], §§ 147–148 (domestic law and treaties not sufficient in themselves; assurances examined for their practical application)',
    publisher: 'European Court of Human Rights',
    date: '2008-02-28',
    reference: 'ECtHR [GC], no. 37201/06, 28 February 2008'
  }),
  chahalJudgment: src({
    title: 'Chahal v. the United Kingdom, § 105 (assurances given in good faith do not protect where the security forces are a recalcitrant and enduring problem)',
    publisher: 'European Court of Human Rights',
    date: '1996-11-15',
    reference: 'ECtHR [GC], no. 22414/93, 15 November 1996'
  }),
  ismoilovJudgment: src({
    title: 'Ismoilov and Others v. Russia (assurances from a state where torture is systematic)',
    publisher: 'European Court of Human Rights',
    date: '2008-04-24',
    reference: 'ECtHR, no. 2947/06, 24 April 2008'
  }),
  echrConvention: src({
    title: 'European Convention on Human Rights, Articles 6 (fair trial), 19 and 46 (binding judgments of the European Court of Human Rights)',
    publisher: 'Council of Europe',
    date: '1950-11-04',
    reference: 'ETS No. 5',
    url: 'https://www.echr.coe.int/documents/d/echr/convention_ENG'
  }),
  freedomInTheWorld: src({
    title: 'Freedom in the World 2023 (country ratings for 2022)',
    publisher: 'Freedom House',
    date: '2023-03',
    url: 'https://freedomhouse.org/report/freedom-world'
  })
} as const satisfies Record<string, SourceRef>
