import fs from 'node:fs/promises'
import path from 'node:path'
import { renderSdk, SDK_DIR } from './sdk-types.ts'

// Writes the partners' typed client files from openapi/openapi.json (run `npm run openapi` first after a route change).
await fs.mkdir(SDK_DIR, { recursive: true })
for (const [name, content] of Object.entries(await renderSdk())) {
  await fs.writeFile(path.join(SDK_DIR, name), content)
  console.log(`wrote ${path.relative(process.cwd(), path.join(SDK_DIR, name))}`)
}
