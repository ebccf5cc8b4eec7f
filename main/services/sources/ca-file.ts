/**
 * A source's `tls.caFile`: the certificate authorities it trusts, and only these. The path comes
 * from a config, which may have been imported or set over the REST API, so the answer must not
 * become a way to probe the machine's files: whatever is wrong with the path (missing, a
 * directory, a named pipe or device, too large, unreadable, not PEM certificates), the error is
 * the same one sentence, which names what the file must be.
 */

import { X509Certificate } from 'node:crypto'
import { readBoundedFile } from '../files/bounded-read'
import { DialError } from './dial-error'

/** Far more than any bundle of CA certificates (the system bundle is about 200 KB). */
export const MAX_CA_FILE_BYTES = 1024 * 1024

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g

/** The file's bytes, once they hold at least one PEM certificate; otherwise a hard DialError. */
export async function readCaFile(path: string): Promise<Buffer> {
  const bytes = await readBoundedFile(path, MAX_CA_FILE_BYTES).catch(() => null)
  // Node takes any bytes as `ca` and silently trusts nothing, which would later read as the
  // server's fault; refusing here says whose it is.
  if (bytes === null || !holdsCertificate(bytes.toString('latin1'))) {
    throw new DialError(
      'config',
      `cannot use this file as a CA certificate: ${path} (tls.caFile must be a readable file of ` +
        `PEM certificates, at most ${MAX_CA_FILE_BYTES / (1024 * 1024)} MB)`,
      true,
    )
  }
  return bytes
}

function holdsCertificate(text: string): boolean {
  for (const [block] of text.matchAll(PEM_CERTIFICATE)) {
    try {
      new X509Certificate(block)
      return true
    } catch {
      // Not a certificate after all; look at the next block.
    }
  }
  return false
}
