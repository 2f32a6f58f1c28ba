import type { SourceRef } from './types.ts'

// Citations used by the indicator catalogue and the country reference data, copied from
// docs/domain.md. `unverified: true` mirrors domain.md's [unverified] marks: keep them until someone
// re-reads the primary text, and sources whose publication date no retrieved copy of the page states.
// Each published source has a publisher and a date (YYYY, YYYY-MM or YYYY-MM-DD); for a page reporting on
// a primary document the publisher and date are that page's.

export const SRC = {
  interpolConstitutionArt3: {
    citation: 'Interpol Constitution Art. 3 (no intervention of a political, military, religious or racial character), read with Art. 2 — PACE Res. 2161 (2017) §4',
    url: 'http://assembly.coe.int/nw/xml/XRef/Xref-XML2HTML-en.asp?fileid=23714&lang=en',
    publisher: 'Parliamentary Assembly of the Council of Europe',
    date: '2017-04-26'
  },
  refugeePolicy: {
    citation: 'Interpol refugee policy (Executive Committee 2014, notified to NCBs Feb 2015, endorsed by the 86th General Assembly Sept 2017), as reported by Red Notice Law Journal',
    url: 'https://www.rednoticelawjournal.com/2016/09/1351/',
    publisher: 'Red Notice Law Journal',
    date: '2016-09'
  },
  ccfBeyondRefugeePolicy: {
    citation: "Nemets, 'The CCF looks beyond Interpol's refugee/asylum-seeker policy'",
    url: 'https://www.nemetslaw.com/post/red-notice-abuse-report-in-protecting-refugees-and-asylum-seekers-the-commission-for-the-control-of-interpols-files-looks-beyond-interpols-refugee-asylum-seeker-policy',
    unverified: true
  },
  silaevSpain: {
    citation: 'Audiencia Nacional (Spain) refusing the Silaev extradition, citing the Finnish asylum grant and the common European asylum area (RAPSI, 18 Feb 2013)',
    url: 'http://rapsinews.com/judicial_news/20130218/266440714.html',
    publisher: 'RAPSI',
    date: '2013-02-18'
  },
  pace2161: {
    citation: 'PACE Res. 2161 (2017) §4: red notices used to persecute the political opposition beyond borders',
    url: 'https://assembly.coe.int/nw/xml/XRef/Xref-XML2HTML-en.asp?fileid=23714&lang=en',
    publisher: 'Parliamentary Assembly of the Council of Europe',
    date: '2017-04-26'
  },
  pace14277: {
    citation: 'PACE Doc. 14277 (2017), rapporteur Fabritius: focus on notices from NCBs that abused the system in the past',
    url: 'https://assembly.coe.int/nw/xml/XRef/Xref-XML2HTML-en.asp?fileid=23524&lang=en',
    publisher: 'Parliamentary Assembly of the Council of Europe, Committee on Legal Affairs and Human Rights',
    date: '2017-03-29'
  },
  pace2315: {
    citation: 'PACE Res. 2315 (2019), Interpol reform and extradition proceedings',
    url: 'https://assembly.coe.int/nw/xml/XRef/Xref-XML2HTML-en.asp?fileid=28303&lang=en',
    publisher: 'Parliamentary Assembly of the Council of Europe',
    date: '2019-11-29'
  },
  epDroi2019: {
    citation: "European Parliament DROI study PE 603.472 (2019), 'Misuse of Interpol's Red Notices and impact on human rights'",
    url: 'https://readkong.com/page/misuse-of-interpol-s-red-notices-and-impact-on-human-rights-7404123',
    publisher: 'European Parliament, Policy Department for External Relations',
    date: '2019-01'
  },
  fairTrials2013: {
    citation: "Fair Trials, 'Strengthening respect for human rights, strengthening INTERPOL' (Nov 2013)",
    url: 'https://readkong.com/page/strengthening-respect-for-human-rights-strengthening-3274180',
    publisher: 'Fair Trials International',
    date: '2013-11'
  },
  odfReport: {
    citation: "Open Dialog Foundation, 'The Interpol system is in need of reform'",
    url: 'https://en.odfoundation.eu/a/5947,the-report-the-interpol-system-is-in-need-of-reform/',
    publisher: 'Open Dialog Foundation',
    date: '2015'
  },
  vayfondSyriaCases: {
    citation: 'Vayfond on FSB "Syria/ISIS" cases against North-Caucasus natives',
    url: 'https://vayfond.com/en/6221/',
    unverified: true
  },
  amnesty2024: {
    citation: 'Amnesty International, Jan 2024, on returns to the North Caucasus (via Jurist)',
    url: 'https://jurist.org/news/2024/01/fleeing-human-rights-violations-in-north-caucasus-region-of-russia-increasingly-risky-amnesty-international',
    publisher: 'Jurist',
    date: '2024-01'
  },
  amnesty2024AlArabiya: {
    citation: 'Amnesty International, Jan 2024: halt North Caucasus deportations over torture and forced military service (via Al Arabiya)',
    url: 'https://english.alarabiya.net/News/world/2024/01/18/Amnesty-urges-halt-to-N-Caucasus-deportation-over-torture-forced-military-service',
    publisher: 'Al Arabiya',
    date: '2024-01-18'
  },
  bromundFinancial: {
    citation: 'Bromund (Heritage): Russia generally frames abusive requests as financial offences (via Opoyi)',
    url: 'https://opoyi.com/?p=317151',
    unverified: true
  },
  nytDiffusionTiming: {
    citation: 'NYT on Russian diffusions timed to the target\'s travel; Interpol on Browder, "predominantly political" (2013)',
    url: 'https://newssniffer.co.uk/articles/1610087/versions/5783694',
    publisher: 'The New York Times',
    date: '2018-05-30'
  },
  alAraibiTiming: {
    citation: 'The Guardian (Australia), 7 Dec 2018: Bahrain\'s request and al-Araibi\'s refugee status',
    url: 'https://www.pressreader.com/australia/the-guardian-australia/20181207/281560881870415',
    publisher: 'The Guardian (Australia)',
    date: '2018-12-07'
  },
  bromundDiffusions: {
    citation: "Bromund, 'Why was Bill Browder arrested in Spain?' (Heritage): diffusions used after notice refusals",
    url: 'https://www.heritage.org/global-politics/commentary/why-was-bill-browder-arrested-spain',
    publisher: 'The Heritage Foundation',
    date: '2018-06-04'
  },
  kingsleyNapleyDiffusions: {
    citation: 'Kingsley Napley on red notices and diffusions',
    url: 'https://www.kingsleynapley.co.uk/insights/blogs/criminal-law-blog/interpol-red-notices-and-how-to-deal-with-them',
    unverified: true
  },
  ndtfReview: {
    citation: 'Notices and Diffusions Task Force review before publication since 2016',
    url: 'https://ministryofcyberaffairs.com/news/how-to-prepare-a-interpol-red-notice-request-step-by-step-guide-for-police-d5ea09ea-2e6c-41be-8ae8-e1b41f55fb58',
    unverified: true
  },
  ablyazovConseilEtat: {
    citation: "Conseil d'État annulled the Ablyazov extradition decree as politically motivated (9 Dec 2016)",
    url: 'http://www.timesca.com/index.php/news/17431-french-court-cancels-extradition-of-kazakh-tycoon-to-russia',
    publisher: 'The Times of Central Asia',
    date: '2016-12-10'
  },
  ccfDecisionExcerpts: {
    citation: 'CCF decision excerpts (tags: Article 3, Trial in absentia, Description of criminal activities, Private matter)',
    url: 'https://europeancourt.org/en/documents/interpol/commission-control-files/decision-excerpts/'
  },
  ccf2018_2: {
    citation: 'CCF decision excerpt 2018-2 (private matter, unfunded cheques, trial in absentia, lack of action for extradition: notice held compliant)',
    url: 'https://europeancourt.org/en/wp-json/wp/v2/pages/232043',
    publisher: 'Commission for the Control of INTERPOL\'s Files',
    date: '2018'
  },
  ccf2023_3: {
    citation: 'CCF decision excerpt 2023-3 (description of criminal activities)',
    url: 'https://europeancourt.org/en/wp-json/wp/v2/pages/232003',
    publisher: 'Commission for the Control of INTERPOL\'s Files',
    date: '2023'
  },
  ccf2024_2: {
    citation: 'CCF decision excerpt 2024-2 (description of criminal activities)',
    url: 'https://europeancourt.org/en/wp-json/wp/v2/pages/231991',
    publisher: 'Commission for the Control of INTERPOL\'s Files',
    date: '2024'
  },
  rpdArt83Excluded: {
    citation: 'Interpol Rules on the Processing of Data Art. 83(1)(a): offences against honour, family/private matters, administrative breaches and private disputes excluded (summary by NGM)',
    url: 'https://ngm.com.au/offences-that-cannot-trigger-an-interpol-red-notice/',
    unverified: true
  },
  rpdArt83MinimumData: {
    citation: 'RPD Art. 83(2) minimum judicial data: summary of facts, charges, law creating the offence, maximum penalty (article structure from memory)',
    url: 'https://extraditionuk.petersandpeters.com/interpol/red-notices/',
    unverified: true
  },
  catGc4Desertion: {
    citation: 'CAT General Comment No. 4 (2017), personal risk factor "desertion" [para. 45]',
    unverified: true
  },
  catGc4MinorityRisk: {
    citation: 'CAT General Comment No. 4 (2017), risk factors ethnic background and religion [paragraph]',
    unverified: true
  },
  rferlMobilisation: {
    citation: 'RFE/RL on Russian wanted-list requests against war objectors in Kazakhstan',
    url: 'https://rferl.org/amp/kazakhstan-russia-war-arrest-wanted-list/33129799.html'
  },
  yalcinCoeAlert: {
    citation: 'Council of Europe media-freedom alert on Hamza Yalçın (Turkey: "insulting the president", "terror propaganda")',
    url: 'https://www.coe.int/en/web/media-freedom/detail-alert?p_p_id=sojdashboard_WAR_coesojportlet&p_p_lifecycle=0&p_p_col_id=column-2&p_p_col_pos=4&p_p_col_count=9&_sojdashboard_WAR_coesojportlet_alertPK=34736404',
    publisher: 'Council of Europe, Safety of Journalists Platform',
    date: '2017'
  },
  redNoticeMonitorRelatives: {
    citation: "Red Notice Monitor, 'Russia and China's abuse of red notices could break Interpol beyond repair' (relatives pressured)",
    url: 'https://rednoticemonitor.com/russia-and-china-s-abuse-of-red-notices-could-break-interpol-beyond-repair/',
    publisher: 'Red Notice Monitor',
    date: '2023-04-06'
  },
  rferlTajikRelatives: {
    citation: 'RFE/RL on Tajik dissidents and relatives of red-noticed activists',
    url: 'https://rferl.org/amp/tajikistan-hrw-dissidents-return-poland-lithuania-turkey-exile/32907459.html',
    publisher: 'Radio Free Europe/Radio Liberty',
    date: '2024-04'
  },
  afpAbdelLatif: {
    citation: "Australian Federal Police letter on Egypt's Abdel Latif notice (murder/firearms charges removed 2013)",
    url: 'https://theglobalherald.com/australian-federal-police-raise-concerns-over-egyptian-interpol-notice/29492/',
    publisher: 'The Global Herald',
    date: '2013'
  },
  mamatkulovRule39: {
    citation: 'ECtHR (Grand Chamber), Mamatkulov and Askarov v. Turkey, nos. 46827/99 and 46951/99, 4 Feb 2005: Rule 39 interim measures are binding',
    title: 'Mamatkulov and Askarov v. Turkey (Grand Chamber): interim measures under Rule 39 are binding',
    publisher: 'European Court of Human Rights',
    date: '2005-02-04',
    reference: 'ECtHR [GC], nos. 46827/99 and 46951/99, 4 February 2005'
  },
  publicCaseReports: {
    citation: 'Public case reports (e.g. Sayed Abdellatif, Salih, Zakayev, Ahmed Jaafar Mohamed Ali); no single citable document',
    unverified: true
  },
  interpolRussia2022: {
    citation: 'Interpol Executive Committee, 10 Mar 2022: heightened supervision and monitoring measures on NCB Moscow (French MFA, 11 Mar 2022)',
    url: 'https://www.diplomatie.gouv.fr/en/country-files/russia/news/article/interpol-implementation-of-supervision-measures-against-russia-11-mar-2022',
    publisher: 'French Ministry for Europe and Foreign Affairs',
    date: '2022-03-11'
  },
  bbcDisclose2026: {
    citation: 'BBC World Service + Disclose leak (Jan 2026): most CCF complaints concern Russia, about three times Turkey',
    url: 'https://qoshe.com/blitz/m-a-hossain/repressive-states-accused-of-misusing-interpol-red-notices-to-target-political-opponents/187674095',
    publisher: 'Blitz (via Qoshe)',
    date: '2026'
  },
  coeRussiaEchr: {
    citation: 'Council of Europe: Russia ceases to be a party to the ECHR on 16 Sep 2022 (CM/Res(2022)2)',
    url: 'https://www.coe.int/el/web/portal/full-news/-/asset_publisher/y5xQt7QdunzT/content/russia-ceases-to-be-a-party-to-the-european-convention-of-human-rights-on-16-september-2022',
    publisher: 'Council of Europe, Committee of Ministers',
    date: '2022-03-23'
  },
  freedomHouse2023: {
    citation: 'Freedom House, Freedom in the World 2023 (data year 2022)',
    title: 'Freedom in the World 2023',
    publisher: 'Freedom House',
    date: '2023-03',
    url: 'https://freedomhouse.org/report/freedom-world'
  },
  othman: {
    citation: 'ECtHR, Othman (Abu Qatada) v. United Kingdom, no. 8139/09, 17 Jan 2012, §§186–189 (factor list; paragraph numbering not re-read)',
    url: 'https://fdocuments.in/document/final-there-appeared-before-the-court-a-for-the-government-ms-l-dauban-agent.html',
    unverified: true
  },
  othmanAnalysis: {
    citation: "C. McCarthy (BIICL), 'Diplomatic assurances, torture and extradition: the case of Othman'",
    url: 'https://dipublico.org/1979/diplomatic-assurances-torture-and-extradition-the-case-of-othman-abu-qatada-v-the-united-kingdom',
    publisher: 'Dipublico',
    date: '2012'
  },
  catGc4Para20: {
    citation: 'CAT General Comment No. 4, CAT/C/GC/4, para. 20: assurances must not be a loophole to non-refoulement',
    url: 'https://www.ohchr.org/en/press-releases/2017/04/committee-against-torture-discusses-revised-general-comment-non-refoulement?LangID=E&NewsID=21551',
    publisher: 'Office of the UN High Commissioner for Human Rights',
    date: '2017-04-28'
  },
  agizaVSweden: {
    citation: 'CAT, Agiza v. Sweden, CAT/C/34/D/233/2003 (2005): assurances without enforcement mechanism insufficient',
    url: 'https://www.refworld.org/cases,CAT,42ce734a2.html',
    publisher: 'UN Committee against Torture',
    date: '2005-05-20'
  },
  muradovCase: {
    citation: 'Daoud Muradov (France → Russia, 2020): tortured, transferred to Grozny, death announced Feb 2022 (Caucasian Knot)',
    url: 'https://eng.kavkaz-uzel.eu/articles/58713/',
    publisher: 'Caucasian Knot',
    date: '2022-04-05'
  },
  baiduyevCase: {
    citation: 'Azamat Baiduyev (Poland → Russia, 2018): abducted in Chechnya shortly after return (forsal.pl)',
    url: 'http://forsal.pl/artykuly/1243811,porwano-uchodzce-deportowanego-z-polski-to-sprawka-rosyjskich-struktur-silowych.html',
    publisher: 'Forsal.pl',
    date: '2018-09'
  },
  hrw2008: {
    citation: "Human Rights Watch, 'Not the Way Forward: The UK's Dangerous Reliance on Diplomatic Assurances' (2008)",
    url: 'http://hrw.org/reports/2008/uk1008/',
    publisher: 'Human Rights Watch',
    date: '2008'
  },
  andersonWalker2017: {
    citation: "Anderson & Walker, 'Deportation with Assurances', Cm 9462 (2017)",
    url: 'https://docslib.org/doc/10919764/deportation-with-assurances',
    publisher: 'Independent Reviewer of Terrorism Legislation (Command Paper presented to the UK Parliament)',
    date: '2017-07'
  },
  pace14277CcfCritique: {
    citation: 'PACE Doc. 14277 (2017): the CCF is under-resourced and no court remedy exists',
    url: 'https://assembly.coe.int/nw/xml/XRef/Xref-XML2HTML-en.asp?fileid=23524&lang=en',
    publisher: 'Parliamentary Assembly of the Council of Europe, Committee on Legal Affairs and Human Rights',
    date: '2017-03-29'
  },
  opcatArticle1: {
    citation: 'OPCAT Art. 1: a system of regular visits by independent international and national bodies to places of detention (UN Doc. A/RES/57/199)',
    title: 'Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment, Article 1 (a system of regular visits by independent international and national bodies to places where people are deprived of their liberty)',
    publisher: 'United Nations General Assembly',
    date: '2002-12-18',
    reference: 'UN Doc. A/RES/57/199, adopted 18 December 2002'
  }
} as const satisfies Record<string, SourceRef>
