import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TRAY_STATUSES } from '../main/shell/tray-status'
import { APP_PNG_SIZES, generateIcons, iconsOutdated } from './icons'

const SOURCES = join(import.meta.dirname, 'icons')

/** Width and height from a PNG's IHDR chunk. */
async function pngSize(file: string): Promise<[number, number]> {
  const data = await readFile(file)
  expect(data.subarray(1, 4).toString()).toBe('PNG')
  return [data.readUInt32BE(16), data.readUInt32BE(20)]
}

describe('generateIcons', () => {
  let out: string
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'vigil-icons-test-'))
    await generateIcons(SOURCES, out)
  }, 60_000)
  afterAll(() => rm(out, { recursive: true, force: true }))

  it('renders the app icon at every size, as PNGs, an ICO and an ICNS', async () => {
    for (const size of APP_PNG_SIZES)
      expect(await pngSize(join(out, 'app', 'png', `${size}x${size}.png`))).toEqual([size, size])
    const ico = await readFile(join(out, 'app', 'icon.ico'))
    // ICONDIR: reserved 0, type 1 (icon), then the image count.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 7])
    const icns = await readFile(join(out, 'app', 'icon.icns'))
    expect(icns.subarray(0, 4).toString()).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
  })

  it('renders a tray icon per status, in colour and as macOS templates, at 1x and 2x', async () => {
    for (const status of TRAY_STATUSES) {
      for (const name of [status, `${status}Template`]) {
        expect(await pngSize(join(out, 'tray', `${name}.png`))).toEqual([16, 16])
        expect(await pngSize(join(out, 'tray', `${name}@2x.png`))).toEqual([32, 32])
      }
    }
  })

  it('knows when the outputs are older than a source', async () => {
    expect(await iconsOutdated(SOURCES, out)).toBe(false)
    // Older than any source, however long ago the sources were written (a fresh clone or not).
    const past = new Date(0)
    await utimes(join(out, 'tray', 'ok@2x.png'), past, past)
    expect(await iconsOutdated(SOURCES, out)).toBe(true)
    expect(await iconsOutdated(SOURCES, join(out, 'missing'))).toBe(true)
  })
})
