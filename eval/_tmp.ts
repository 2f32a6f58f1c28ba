import { CURRENT_RULESET } from '../src/domain/index.ts'
import { CORPUS_DIR, loadCorpus, scoreCase } from './lib/corpus.ts'
const ids = process.argv.slice(2)
for (const c of loadCorpus(CORPUS_DIR)) {
  if (!ids.includes(c.id)) continue
  const s: any = scoreCase(c, CURRENT_RULESET)
  console.log(c.id, s.score, (c as any).summary)
  console.log(JSON.stringify((c as any).facts.subject), JSON.stringify((c as any).facts.charges), JSON.stringify((c as any).facts.politicalContext), JSON.stringify((c as any).facts.events))
  console.log(s.contributions.map((x: any) => `${x.points} ${x.indicatorId}`).join(", "))
}
