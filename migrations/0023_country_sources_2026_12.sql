-- Country reference data for ruleset 2026.12.1 (docs/scoring-evaluation.md). Forward-only: 0003 is history.
-- 1. Citations become quotable: a title, publisher, date and link for Freedom House; internal notes replaced by
--    plain statements, and secondary treaty-status copies marked unverified (kept for maintainers, never shown in scores).
UPDATE countries c SET sources = (
  SELECT coalesce(jsonb_agg(coalesce(m.replacement, s.elem) ORDER BY s.ord), '[]'::jsonb)
  FROM jsonb_array_elements(c.sources) WITH ORDINALITY AS s(elem, ord)
  LEFT JOIN (VALUES
  ('Freedom House, Freedom in the World 2023 (data year 2022), Aggregate_Category_and_Subcategory_Scores_FIW_2003-2023.xlsx via guilsuper/goods-mvp backend/freedomhouse/freedomhouse.csv (commit 42c9bf598edd4bf6223d2ad88f7ad6e776aa7648)', '{"citation": "Freedom House, Freedom in the World 2023 (data year 2022)", "title": "Freedom in the World 2023", "publisher": "Freedom House", "date": "2023-03", "url": "https://freedomhouse.org/report/freedom-world"}'::jsonb),
  ('domain.md §5.2 table: CAT/OPCAT dates from memory of the UN Treaty Collection (ch. IV-9, IV-9-b), verify before production', '{"citation": "CAT/OPCAT status and dates set by the maintainers from the UN Treaty Collection (ch. IV-9, IV-9-b), not yet checked against the primary text", "unverified": true}'::jsonb),
  ('UN MTDSG status list copy, Convention against Torture (ch. IV-9), as cited in domain.md §5.2', '{"citation": "UN Treaty Collection, status of the Convention against Torture (ch. IV-9), from a copy of the status list, not yet checked against the primary text", "unverified": true}'::jsonb),
  ('OPCAT ratification list (whatconvention.org), as cited in domain.md §5.2', '{"citation": "OPCAT ratification list (whatconvention.org), a secondary copy of the UN Treaty Collection status, not yet checked against the primary text", "unverified": true}'::jsonb)
  ) AS m(citation, replacement) ON m.citation = s.elem->>'citation'
);
--> statement-breakpoint
UPDATE countries SET notes = replace(notes::text, 'domain.md §3 indicator 9', 'published sources on Interpol abuse')::jsonb
WHERE notes::text LIKE '%domain.md%';
--> statement-breakpoint
-- 2. Systematic torture established by UN bodies, where admins have not already set the value.
UPDATE countries SET systematic_torture = true,
  sources = sources || jsonb_build_array('{"citation": "UN Committee against Torture, inquiry on Egypt under Article 20 of the Convention (2017): torture is a systematic practice in Egypt", "title": "Report of the Committee against Torture, inquiry on Egypt under Article 20 of the Convention", "publisher": "UN Committee against Torture", "date": "2017", "reference": "A/72/44, paras. 58-71"}'::jsonb),
  notes = notes || jsonb_build_array('Systematic torture: UN Committee against Torture, inquiry on Egypt under Article 20 of the Convention (2017): torture is a systematic practice in Egypt.'::text)
WHERE code = 'EG' AND systematic_torture IS NULL;
--> statement-breakpoint
UPDATE countries SET systematic_torture = true,
  sources = sources || jsonb_build_array('{"citation": "UN Special Rapporteur on torture (T. van Boven), mission to Uzbekistan (2003): torture is systematic", "title": "Report of the Special Rapporteur on the question of torture, mission to Uzbekistan", "publisher": "UN Commission on Human Rights", "date": "2003-02-03", "reference": "E/CN.4/2003/68/Add.2"}'::jsonb),
  notes = notes || jsonb_build_array('Systematic torture: UN Special Rapporteur on torture (T. van Boven), mission to Uzbekistan (2003): torture is systematic.'::text)
WHERE code = 'UZ' AND systematic_torture IS NULL;
