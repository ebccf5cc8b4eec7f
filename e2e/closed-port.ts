/** A port on 127.0.0.1 that nothing listens on any more: bound, then released. */

import { createServer, type AddressInfo } from 'node:net'

export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
