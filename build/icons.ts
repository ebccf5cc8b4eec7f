/**
 * Renders every icon Vigil ships from the SVG sources in build/icons, with icon-gen (which renders
 * SVG through sharp/librsvg at each size, so small sizes stay crisp):
 *
 *   out/icons/app/icon.ico, icon.icns        Windows and macOS app icons
 *   out/icons/app/png/<N>x<N>.png            Linux icon set (electron-builder), window icon
 *   out/icons/tray/<status>[Template][@2x].png  tray icons, 16 px and 32 px (@2x)
 *
 * Nothing generated is committed. electron.vite.config.ts runs this with every main build (skipped
 * when the outputs are newer than the sources), and electron-builder.yml points at out/icons/app.
 */

import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import generateIcon from 'icon-gen'

export const APP_PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024]
/** Tray icons: 16 px at 100 % scaling, 32 px as the `@2x` variant Electron picks on HiDPI. */
const TRAY_SIZES = [16, 32] as const

export interface IconSources {
  app: string
  tray: string[]
}

export async function iconSources(sourceDir: string): Promise<IconSources> {
  const trayDir = join(sourceDir, 'tray')
  const tray = (await readdir(trayDir)).filter((f) => f.endsWith('.svg')).sort()
  return { app: join(sourceDir, 'icon.svg'), tray: tray.map((f) => join(trayDir, f)) }
}

/** Renders all icons; answers the files written. */
export async function generateIcons(sourceDir: string, outDir: string): Promise<string[]> {
  const sources = await iconSources(sourceDir)
  const work = await mkdtemp(join(tmpdir(), 'vigil-icons-'))
  const written: string[] = []
  try {
    const appDir = join(outDir, 'app')
    const pngDir = join(appDir, 'png')
    await mkdir(pngDir, { recursive: true })
    await generateIcon(sources.app, work, {
      report: false,
      ico: { name: 'icon', sizes: ICO_SIZES },
      icns: { name: 'icon', sizes: ICNS_SIZES },
      favicon: { name: 'app-', pngSizes: APP_PNG_SIZES },
    })
    for (const file of ['icon.ico', 'icon.icns']) written.push(await move(work, file, appDir, file))
    for (const size of APP_PNG_SIZES)
      written.push(await move(work, `app-${size}.png`, pngDir, `${size}x${size}.png`))

    const trayDir = join(outDir, 'tray')
    await mkdir(trayDir, { recursive: true })
    for (const source of sources.tray) {
      const name = basename(source, '.svg')
      const prefix = `tray-${name}-`
      await generateIcon(source, work, {
        report: false,
        favicon: { name: prefix, pngSizes: [...TRAY_SIZES] },
      })
      written.push(await move(work, `${prefix}16.png`, trayDir, `${name}.png`))
      written.push(await move(work, `${prefix}32.png`, trayDir, `${name}@2x.png`))
    }
    return written
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** Whether any output is missing or older than the newest source (a rebuild is needed). */
export async function iconsOutdated(sourceDir: string, outDir: string): Promise<boolean> {
  const sources = await iconSources(sourceDir)
  const newestSource = Math.max(...(await Promise.all([sources.app, ...sources.tray].map(mtime))))
  const outputs = [
    join(outDir, 'app', 'icon.ico'),
    join(outDir, 'app', 'icon.icns'),
    ...APP_PNG_SIZES.map((size) => join(outDir, 'app', 'png', `${size}x${size}.png`)),
    ...sources.tray.flatMap((source) => {
      const name = basename(source, '.svg')
      return [join(outDir, 'tray', `${name}.png`), join(outDir, 'tray', `${name}@2x.png`)]
    }),
  ]
  const times = await Promise.all(outputs.map((file) => mtime(file).catch(() => -1)))
  return times.some((time) => time < newestSource)
}

async function mtime(file: string): Promise<number> {
  return (await stat(file)).mtimeMs
}

async function move(fromDir: string, from: string, toDir: string, to: string): Promise<string> {
  const target = join(toDir, to)
  await copyFile(join(fromDir, from), target)
  return target
}
