/**
 * The README's five-minute tour, run as a newcomer would run it: its shell block, unchanged but for the two
 * ports (free ones instead of 3000 and 8080) and a data folder of its own, in embedded mode. It must print a
 * score and its reasons, deliver the webhook, and leave nothing running when it ends.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, httpStatus, REPO_ROOT, runCommand, waitFor } from '../helpers/process.ts'

/** The tour's shell block: the first ```sh block after the heading. */
function tourScript (): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
  const heading = readme.indexOf('## A five-minute tour')
  expect(heading, 'README has the tour').toBeGreaterThan(0)
  const start = readme.indexOf('```sh\n', heading) + '```sh\n'.length
  return readme.slice(start, readme.indexOf('```', start))
}

/** Kills whatever still listens on the port (a tour that failed to stop its service must not outlive the run). */
async function killListener (port: number): Promise<void> {
  const { stdout } = await runCommand(['ss', '-ltnpH', `sport = :${port}`], {})
  for (const [, pid] of stdout.matchAll(/pid=(\d+)/g)) process.kill(Number(pid), 'SIGKILL')
}

describe('the README tour', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rnm-tour-'))
  const ports: number[] = []
  afterAll(async () => {
    for (const port of ports) await killListener(port)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('files a report, prints its score and reasons, delivers the alert, and stops what it started', async () => {
    const [port, hookPort] = [await freePort(), await freePort()]
    ports.push(port, hookPort)
    const script = tourScript().replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`).replaceAll('8080', String(hookPort))
    expect(script).not.toContain(':3000')
    const { code, stdout, stderr } = await runCommand(['timeout', '240', 'bash', '-e', '-c', script], {
      DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn'
    })
    expect(code, `${stdout}\n${stderr}`).toBe(0)
    // Step 5 prints the score, the band and one line of points and reasons per contribution.
    expect(stdout).toMatch(/^(100|[1-9]?\d)$/m)
    expect(stdout).toMatch(/^(low|elevated|high|critical)$/m)
    expect(stdout).toMatch(/^\d+ {2}The subject[^\n]+Sources: /m)
    expect(stdout).toMatch(/^-?\d+ {2}.*Russia \(RU\)/m)
    // Step 6: the receiver printed the signed alert, and the delivery log shows it succeeded.
    expect(stdout).toContain('"type":"score.band_raised"')
    expect(stdout).toMatch(/"status":"succeeded"/)
    // The subject's name went to the service, never to its logs or any answer the tour prints.
    expect(`${stdout}${stderr}`).not.toContain('Ali Example')
    // `kill %1 %2` stopped the service, not only the shell's job: its port closes as it shuts down.
    await waitFor(async () => await httpStatus(`http://127.0.0.1:${port}/health/live`) === 0, 20_000, 'the service to stop')
  }, 300_000)
})
