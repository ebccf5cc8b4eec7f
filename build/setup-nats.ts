/**
 * Last part of `npm run setup`: a `nats-server` for the cluster tests (and for trying
 * docs/cluster.md on one machine). Debian and Ubuntu get the distribution's package (2.9.10 on
 * Debian 12: JetStream and KV, which is all Vigil needs); elsewhere setup says how to get one,
 * and the cluster tests say they were skipped.
 *
 * Debian's package also installs a system service on port 4222; the tests never use it (each
 * starts its own server on a free port), and `systemctl disable --now nats-server` stops it.
 */

import { natsServerBinary } from '../main/services/cluster/testing/nats-server'
import { aptInstall, hasApt } from './apt'

if (natsServerBinary !== null) {
  console.log(`nats-server is already installed at ${natsServerBinary}.`)
} else if (hasApt) {
  aptInstall(['nats-server'])
} else {
  console.warn(
    '\nnats-server is not installed, and this system has no apt. The cluster tests need it:\n' +
      '  macOS: brew install nats-server\n' +
      '  Windows: choco install nats-server (or scoop install nats-server)\n' +
      '  or a release binary from the NATS project, on the PATH or named by VIGIL_NATS_SERVER.\n',
  )
}
