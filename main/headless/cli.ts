/**
 * `npm run headless -- [--host H] [--port N] [--data-dir DIR] [--config FILE] [--token T]
 *   [--cluster URL [--node-name NAME] [--role member|viewer] [--cluster-seed] ...]`
 *
 * Runs the engine without Electron and serves the UI to a browser. Defaults: 127.0.0.1, a free
 * port, a random token, data in ~/.vigil (or $VIGIL_DATA_DIR). Prints the URL to open, and logs
 * to <data-dir>/logs/vigil.log as well as the console.
 */

import { existsSync, mkdirSync } from 'node:fs'
import { homedir, hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { APP_VERSION } from '../app-version'
import { NatsClusterNode } from '../services/cluster/cluster-node'
import { resolveClusterSettings } from '../services/cluster/cluster-options'
import { Engine } from '../services/engine'
import { FileSecretStore } from '../services/secrets/file-secret-store'
import { errorText } from '../../shared/utils/error-text'
import { startProcessLogging, type ProcessLogging } from '../services/logging/process-logging'
import { tuneHeap } from '../services/util/heap-tuning'
import { StdioGuard } from '../services/logging/stdio-guard'
import { createSimulatorResolver } from '../simulators/registry'
import { exposureWarning, generateToken } from './access'
import { startHeadlessHost } from './host'
import { loadSessionKey } from './session-key'

const usage = `Usage: npm run headless -- [options]

  --host H        address to bind (default 127.0.0.1; anything else exposes Vigil to the network)
  --port N        port (default: a free one)
  --data-dir DIR  where config, history, secrets and recordings live
                  (default $VIGIL_DATA_DIR or ~/.vigil)
  --config FILE   the config file to use (default <data-dir>/config.json)
  --token T       access token (default: random); also read from $VIGIL_TOKEN
  --help          this text

Several hosts sharing sources, events and config through NATS (docs/cluster.md):
  --cluster URL             join the cluster on this NATS server (nats://HOST:PORT or tls://);
                            also read from $VIGIL_CLUSTER
  --node-name NAME          this host's name in the cluster (default: the host name);
                            also read from $VIGIL_NODE_NAME
  --role member|viewer      member (default) may hold sources; a viewer only shows them
  --cluster-seed            make this host's config the cluster's if the cluster has none
  --cluster-retention D     how long the events stream keeps events (90s, 30m, 24h, 7d)
  --cluster-max-bytes SIZE  how much the events stream keeps (512MiB, 4GiB)`

// First of all: from here on a closed or full stdout/stderr cannot end the process.
const stdio = new StdioGuard({ stdout: process.stdout, stderr: process.stderr })
// Before the engine allocates: a flooded source must not grow the heap fourfold (heap-tuning.ts).
tuneHeap()
let logging: ProcessLogging | undefined

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        token: { type: 'string' },
        cluster: { type: 'string' },
        'node-name': { type: 'string' },
        role: { type: 'string' },
        'cluster-seed': { type: 'boolean', default: false },
        'cluster-retention': { type: 'string' },
        'cluster-max-bytes': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    console.error(`${errorText(error)}\n\n${usage}`)
    process.exit(2)
  }
  if (values.help) {
    console.log(usage)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}"`)
    process.exit(2)
  }
  const token = values.token ?? process.env.VIGIL_TOKEN ?? generateToken()
  if (token.length < 16) {
    console.error('--token must be at least 16 characters long')
    process.exit(2)
  }
  const cluster = resolveClusterSettings(
    {
      cluster: values.cluster,
      nodeName: values['node-name'],
      role: values.role,
      seed: values['cluster-seed'],
      retention: values['cluster-retention'],
      maxBytes: values['cluster-max-bytes'],
    },
    { mode: 'headless', hostname: hostname(), env: process.env },
  )
  if (!cluster.ok) {
    console.error(cluster.message)
    process.exit(2)
  }
  const clusterSettings = cluster.settings
  const dataDir = resolve(
    values['data-dir'] ?? process.env.VIGIL_DATA_DIR ?? resolve(homedir(), '.vigil'),
  )
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  logging = startProcessLogging({ dataDir, stdio })
  const { logger } = logging
  logging.file.info(`Vigil ${APP_VERSION} (headless) starting; data: ${dataDir}`)

  // Refuses to start (with the fix in the message) if the file is readable by others.
  const secrets = await FileSecretStore.open(join(dataDir, 'secrets.json'))
  // Likewise. An open page's session then survives a restart with the same token.
  const sessionKey = await loadSessionKey(dataDir)
  const recordingsDir = join(dataDir, 'recordings')
  const simulators = createSimulatorResolver({ recordingsDir })
  const engine = await Engine.start({
    dataDir,
    ...(values.config ? { configPath: resolve(values.config) } : {}),
    mode: 'headless',
    version: APP_VERSION,
    resolveUrl: (url) => simulators.resolveUrl(url),
    releaseUrl: (url) => simulators.releaseUrl(url),
    logger,
    secrets,
    recordingsDir,
    history: builtWorker(),
    ...(clusterSettings
      ? {
          cluster: (localConfig) =>
            new NatsClusterNode({ settings: clusterSettings, localConfig, logger }),
        }
      : {}),
  })
  const host = await startHeadlessHost({
    engine,
    host: values.host,
    port,
    token,
    rendererDir: resolve(import.meta.dirname, '../renderer'),
    logger,
    sessionKey,
  })

  // The URL carries the token: it is printed for the user, and never written to the log file.
  const print = (line: string) => stdio.writeLine('stdout', line)
  print(`Vigil ${APP_VERSION} (headless) is running.`)
  print(`  data: ${dataDir}`)
  print(`  log:  ${logging.file.path}`)
  print(`  open: ${host.url}`)
  print(`  REST: ${host.origin}/api (send "Authorization: Bearer <token>")`)
  if (engine.clusterNodeName !== null)
    print(`  node: ${engine.clusterNodeName} (${clusterSettings?.role ?? ''})`)
  logging.file.info(`listening on ${host.origin}`)
  // The host speaks plain HTTP: said on stderr and in the log file, since the user must act.
  const warning = exposureWarning(values.host, host.port)
  if (warning) logger.warn(warning)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: shutting down`)
    await host.close()
    await engine.dispose()
    await simulators.dispose()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/**
 * The SQLite worker built beside this file by electron-vite (see electron.vite.config.ts). Run
 * from source (`node --import tsx main/headless/cli.ts`, as the cluster's process tests do),
 * there is none: History then uses its own source module.
 */
function builtWorker(): { workerPath?: string } {
  const workerPath = join(import.meta.dirname, 'sqlite-worker.js')
  return existsSync(workerPath) ? { workerPath } : {}
}

main().catch((error: unknown) => {
  const message = `Vigil could not start: ${errorText(error)}`
  if (logging) logging.logger.error(message)
  else stdio.writeLine('stderr', message)
  process.exit(1)
})
