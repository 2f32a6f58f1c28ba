/**
 * The statistics chart as an analyst sees it: the SVG of GET /v1/stats/countries rendered by a real headless
 * browser (Debian's chromium, installed by .ci/run), then read back pixel by pixel: the bars are there, in
 * the band colours, in the proportions of the counts.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshStatistics } from '../../src/db/queries/statistics.ts'
import { prng } from '../../src/seed/synthetic.ts'
import { bearer, createKey, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { cell, insertRecords, type StatRecord } from './statistics-reference.ts'

const run = promisify(execFile)

async function findChromium (): Promise<string | null> {
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    try {
      await fs.access(candidate)
      return candidate
    } catch {}
  }
  return null
}

const chromium = await findChromium()
// CI installs chromium (.ci/run); elsewhere the test says why it did not run rather than pass silently.
const describeWithBrowser = chromium !== null || process.env.CI === 'true' ? describe : describe.skip

/** Pixels whose colour is within a small distance of the hex colour. */
function countColour (png: PNG, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
  let n = 0
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i]! - r!) + Math.abs(png.data[i + 1]! - g!) + Math.abs(png.data[i + 2]! - b!) < 12) n++
  }
  return n
}

describeWithBrowser('statistics chart in a headless browser', () => {
  let ctx: TestContext
  let analyst: string
  let dir: string

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    analyst = (await createKey(ctx, admin.token, admin.partnerId, 'analyst')).token
    const rng = prng(11)
    const records: StatRecord[] = []
    cell(records, rng, { country: 'RU', mechanism: 'red_notice', month: '2025-01', band: 'critical', size: 30 })
    cell(records, rng, { country: 'RU', mechanism: 'red_notice', month: '2025-01', band: 'low', size: 10 })
    cell(records, rng, { country: 'TR', mechanism: 'red_notice', month: '2025-01', band: 'critical', size: 10 })
    await insertRecords(ctx.database.db, records)
    await refreshStatistics(ctx.database.db, { minGroupSize: ctx.config.statsMinGroupSize })
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-chart-'))
  })
  afterAll(async () => {
    await ctx?.close()
    if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true })
  })

  it('renders the bars of each state in the band colours, in proportion to the counts', async () => {
    const res = await ctx.app.inject({ url: '/v1/stats/countries', headers: { ...bearer(analyst), accept: 'image/svg+xml' } })
    expect(res.statusCode, res.body).toBe(200)
    const svgPath = path.join(dir, 'countries.svg')
    const pngPath = path.join(dir, 'countries.png')
    await fs.writeFile(svgPath, res.body)
    await run(chromium ?? 'chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${pngPath}`, '--window-size=700,450', `file://${svgPath}`], { timeout: 60_000 })
    const png = PNG.sync.read(await fs.readFile(pngPath))
    expect([png.width, png.height]).toEqual([700, 450])
    if (process.env.RNM_KEEP_CHART !== undefined) await fs.copyFile(pngPath, process.env.RNM_KEEP_CHART)
    const critical = countColour(png, '#b3261e')
    const low = countColour(png, '#9fb7c9')
    // RU: 30 critical and 10 low; TR: 10 critical. Critical area = (30 + 10) / 10 = 4 × the low area, give or take the legend swatches and antialiasing.
    expect(low).toBeGreaterThan(500)
    expect(critical / low).toBeGreaterThan(3.2)
    expect(critical / low).toBeLessThan(4.8)
    // The elevated and high colours only in the legend: no bars of those bands.
    expect(countColour(png, '#e07a3f')).toBeLessThan(200)
  }, 90_000)
})
