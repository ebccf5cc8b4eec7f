/**
 * Reads a whole file whose path the user gave (a CA file, a config the OS asked Vigil to open),
 * refusing anything but a regular file of bounded size. Checking with `stat` and then calling
 * `readFile` is not enough: a device such as /dev/zero (or a symlink to one) reports size 0 and
 * then never ends, so `readFile` eats all memory; and the path can change between the two calls.
 * So the file is opened once, the open handle is checked, and the bytes are read through that
 * same handle, never more than it said it holds.
 */

import { constants } from 'node:fs'
import { open } from 'node:fs/promises'

/** The file exists but Vigil will not read it: it is not a regular file, or it is too large. */
export class RefusedFileError extends Error {
  override readonly name = 'RefusedFileError'
}

export async function readBoundedFile(path: string, maxBytes: number): Promise<Buffer> {
  // Non-blocking: opening a named pipe for reading would otherwise wait for a writer forever.
  // (Windows has no O_NONBLOCK and no such pipes in the file system.)
  const file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const info = await file.stat()
    if (!info.isFile()) throw new RefusedFileError('it is not a regular file')
    if (info.size > maxBytes)
      throw new RefusedFileError(
        `it is ${megabytes(info.size)} MB, more than the ${megabytes(maxBytes)} MB allowed`,
      )
    const buffer = Buffer.alloc(info.size)
    let filled = 0
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, filled)
      // The file shrank since it was checked: what is there is what there is.
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return buffer.subarray(0, filled)
  } finally {
    await file.close()
  }
}

/**
 * Bytes as MB (of 1024 * 1024), rounded up to a tenth, so a size just over a limit never reads as
 * the limit itself.
 */
export function megabytes(bytes: number): string {
  const tenths = Math.ceil(bytes / (1024 * 1024) / 0.1)
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1)
}
