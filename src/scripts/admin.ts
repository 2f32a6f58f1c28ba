import { pino } from 'pino'
import { runAdmin } from '../admin/cli.ts'
import { loadConfigOrExit } from './load-config.ts'

// `npm run admin -- <command>`: see src/admin/cli.ts, or run it with --help.
const config = loadConfigOrExit()
process.exitCode = await runAdmin(process.argv.slice(2), config, {
  stdout: (text) => { process.stdout.write(text + '\n') },
  stderr: (text) => { process.stderr.write(text + '\n') },
  logDestination: pino.destination({ fd: 2, sync: true })
})
