import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TRAY_STATUSES } from '../main/shell/tray-status'
import { inspectBuild, moduleUse, STARTUP_JS_BUDGET } from './build-output'

const CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'

describe('moduleUse', () => {
  it('finds imports, requires and computed loads from the syntax, not from strings', () => {
    const use = moduleUse(`
      import a from 'a'; export * from "./b.js"; const c = require('c'); import('./d.js')
      const text = "require('not-real')"; require(name); import(\`./\${x}\`)
    `)
    expect(use).toEqual({ imports: ['a', './b.js', './d.js'], requires: ['c'], dynamic: 2 })
  })
})

describe('inspectBuild', () => {
  let out: string
  const put = async (path: string, text = '') => {
    await mkdir(dirname(join(out, path)), { recursive: true })
    await writeFile(join(out, path), text)
  }

  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'vigil-out-'))
    await put('main/index.js', 'import { app } from "electron"; import "./chunks/shared.js"')
    await put('main/chunks/shared.js', 'import { z } from "zod"')
    await put('main/headless.js', 'import "./chunks/shared.js"; import "node:http"')
    await put('preload/index.cjs', 'let electron = require("electron");')
    await put(
      'renderer/index.html',
      `<head>${CSP}<script type="module" crossorigin src="./assets/index-1.js"></script></head>`,
    )
    await put('renderer/assets/index-1.js', '')
    for (const status of TRAY_STATUSES)
      for (const name of [status, `${status}Template`])
        for (const suffix of ['', '@2x']) await put(`icons/tray/${name}${suffix}.png`)
    for (const icon of ['icon.ico', 'icon.icns', 'png/256x256.png', 'png/1024x1024.png'])
      await put(`icons/app/${icon}`)
  })
  afterEach(() => rm(out, { recursive: true, force: true }))

  it('accepts a complete build', () => {
    expect(inspectBuild(out)).toEqual([])
  })

  it('refuses a preload that needs Node or is not CommonJS', async () => {
    await put('preload/index.cjs', 'require("electron"); require("node:fs"); require("zod")')
    expect(inspectBuild(out)).toEqual([
      'preload/index.cjs requires "node:fs", which a sandboxed preload cannot load',
      'preload/index.cjs requires "zod", which a sandboxed preload cannot load',
    ])
    await put('preload/index.cjs', 'import { contextBridge } from "electron"')
    expect(inspectBuild(out)).toEqual([
      'preload/index.cjs uses ES imports (electron); it must be CommonJS',
    ])
  })

  it('refuses a headless entry that reaches Electron through a shared chunk', async () => {
    await put('main/chunks/shared.js', 'import { app } from "electron"')
    expect(inspectBuild(out)).toEqual([
      'main/chunks/shared.js loads electron, but main/headless.js runs in plain Node',
    ])
  })

  it('names every missing bundle, asset and icon', async () => {
    await rm(join(out, 'main/index.js'))
    await rm(join(out, 'renderer/assets/index-1.js'))
    await rm(join(out, 'icons/tray/failedTemplate@2x.png'))
    await put('renderer/index.html', '<script type="module" src="./assets/index-1.js"></script>')
    expect(inspectBuild(out)).toEqual([
      'missing main/index.js',
      'renderer/index.html has lost its Content-Security-Policy',
      'renderer/./assets/index-1.js is missing',
      'missing icons/tray/failedTemplate@2x.png',
    ])
  })

  it('keeps the start-up JavaScript (entry and preloaded chunks) within its budget', async () => {
    const big = 'x'.repeat(STARTUP_JS_BUDGET / 2)
    await put(
      'renderer/index.html',
      `<head>${CSP}<script type="module" crossorigin src="./assets/index-1.js"></script>` +
        `<link rel="modulepreload" crossorigin href="./assets/shared-2.js"></head>`,
    )
    await put('renderer/assets/index-1.js', big)
    await put('renderer/assets/shared-2.js', big)
    await put('renderer/assets/LazyPage-3.js', big)
    expect(inspectBuild(out)).toEqual([])
    await put('renderer/assets/shared-2.js', `${big}${'y'.repeat(2048)}`)
    expect(inspectBuild(out)).toEqual([
      "the renderer's start-up JavaScript is 302.0 kB, over its budget of 300.0 kB",
    ])
  })

  it('refuses a desktop bundle that loads what only the headless host ships', async () => {
    await put('main/chunks/shared.js', 'import { z } from "zod"; import Fastify from "fastify"')
    expect(inspectBuild(out)).toEqual([
      'main/chunks/shared.js loads fastify, which the desktop installer leaves out',
    ])
  })
})
