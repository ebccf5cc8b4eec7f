/**
 * Checks what `electron-vite build` produced before anything runs it: the three bundles exist,
 * the desktop entry never loads what only the headless host ships (fastify), the sandboxed
 * preload requires nothing but `electron` (a sandboxed preload has no Node, so any
 * other require would fail at run time, and a bundler that stops inlining a dependency would only
 * show there), the headless entry never loads Electron (it runs in plain Node), the renderer page
 * keeps its CSP and finds its assets, the JavaScript it needs to start (the entry and the chunks it
 * preloads) stays within its budget, and the icons are there. `npm test` and CI run it after the
 * build (`npm run check:build`).
 */

import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { TRAY_STATUSES } from '../main/shell/tray-status'
import { HEADLESS_ONLY_ROOTS } from './headless-only'

/** Modules a sandboxed preload may require. Vigil's needs only Electron's own. */
const PRELOAD_ALLOWED = new Set(['electron'])

/**
 * The renderer's start-up JavaScript (the entry script and the chunks the page preloads), in
 * bytes: what must be parsed before the window shows anything. Pages load lazily and are not in it.
 */
export const STARTUP_JS_BUDGET = 300 * 1024

/** The start-up JavaScript of a built page: its module script and modulepreload links. */
export function startupScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!)
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1]!,
  )
  return [...scripts, ...preloads]
}

export interface ModuleUse {
  /** `import` / `export from` statements and `import()` with a literal specifier. */
  imports: string[]
  /** `require('x')` calls with a literal specifier. */
  requires: string[]
  /** `require(...)` or `import(...)` with a computed specifier: cannot be checked. */
  dynamic: number
}

/** What a JavaScript bundle loads, read from its syntax tree (not by pattern-matching text). */
export function moduleUse(source: string, fileName = 'bundle.js'): ModuleUse {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.JS,
  )
  const use: ModuleUse = { imports: [], requires: [], dynamic: 0 }
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      use.imports.push(node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require'
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword
      if (isRequire || isImport) {
        const [first] = node.arguments
        if (first && ts.isStringLiteralLike(first))
          (isRequire ? use.requires : use.imports).push(first.text)
        else use.dynamic++
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return use
}

/** The files, from `entry` through its relative imports (shared chunks), that load `name`. */
export function modulesLoading(entry: string, name: string): string[] {
  const seen = new Set<string>()
  const found: string[] = []
  const walk = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return
    seen.add(file)
    const use = moduleUse(readFileSync(file, 'utf8'), file)
    const specifiers = [...use.imports, ...use.requires]
    if (specifiers.includes(name)) found.push(file)
    for (const spec of specifiers) if (spec.startsWith('.')) walk(resolve(dirname(file), spec))
  }
  walk(entry)
  return found
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`

/** The start-up JavaScript's size in bytes, for the summary line. */
export function startupBytes(outDir: string): number {
  const htmlPath = join(outDir, 'renderer', 'index.html')
  if (!existsSync(htmlPath)) return 0
  return startupScripts(readFileSync(htmlPath, 'utf8'))
    .map((asset) => join(outDir, 'renderer', asset))
    .filter((path) => existsSync(path))
    .reduce((sum, path) => sum + statSync(path).size, 0)
}

export function inspectBuild(outDir: string): string[] {
  const problems: string[] = []
  const need = (path: string): string | undefined => {
    const full = join(outDir, path)
    if (existsSync(full)) return readFileSync(full, 'utf8')
    problems.push(`missing ${path}`)
    return undefined
  }

  if (need('main/index.js') !== undefined) {
    // The installer leaves the headless host's web server out (electron-builder.yml): the desktop
    // bundle must never load it.
    for (const name of HEADLESS_ONLY_ROOTS)
      for (const file of modulesLoading(join(outDir, 'main', 'index.js'), name))
        problems.push(
          `${relative(outDir, file).split(sep).join('/')} loads ${name}, which the desktop installer leaves out`,
        )
  }

  if (need('main/headless.js') !== undefined) {
    const loaders = modulesLoading(join(outDir, 'main', 'headless.js'), 'electron')
    for (const file of loaders)
      problems.push(
        `${relative(outDir, file).split(sep).join('/')} loads electron, but main/headless.js runs in plain Node`,
      )
  }

  const preload = need('preload/index.cjs')
  if (preload !== undefined) {
    const use = moduleUse(preload, 'index.cjs')
    if (use.imports.length > 0)
      problems.push(
        `preload/index.cjs uses ES imports (${use.imports.join(', ')}); it must be CommonJS`,
      )
    for (const name of use.requires.filter((r) => !PRELOAD_ALLOWED.has(r)))
      problems.push(`preload/index.cjs requires "${name}", which a sandboxed preload cannot load`)
    if (use.dynamic > 0) problems.push('preload/index.cjs has a computed require() or import()')
  }

  const html = need('renderer/index.html')
  if (html !== undefined) {
    if (!/http-equiv="Content-Security-Policy"/.test(html))
      problems.push('renderer/index.html has lost its Content-Security-Policy')
    const assets = [...html.matchAll(/(?:src|href)="(\.?\/?assets\/[^"]+)"/g)].map((m) => m[1]!)
    if (!assets.some((asset) => asset.endsWith('.js')))
      problems.push('renderer/index.html loads no script')
    for (const asset of assets) {
      if (!existsSync(join(outDir, 'renderer', asset)))
        problems.push(`renderer/${asset} is missing`)
    }
    const startup = startupBytes(outDir)
    if (startup > STARTUP_JS_BUDGET)
      problems.push(
        `the renderer's start-up JavaScript is ${kb(startup)}, over its budget of ${kb(STARTUP_JS_BUDGET)}`,
      )
  }

  for (const status of TRAY_STATUSES) {
    for (const name of [status, `${status}Template`])
      for (const suffix of ['', '@2x']) need(`icons/tray/${name}${suffix}.png`)
  }
  for (const icon of ['icon.ico', 'icon.icns', 'png/256x256.png', 'png/1024x1024.png'])
    need(`icons/app/${icon}`)
  return problems
}

// `npm run check:build`
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const outDir = join(dirname(import.meta.dirname), 'out')
  const problems = inspectBuild(outDir)
  for (const problem of problems) console.error(`build output: ${problem}`)
  if (problems.length > 0) process.exit(1)
  console.log(`build output: main, preload, renderer and icons are in ${outDir}`)
  console.log(
    `build output: the renderer starts with ${kb(startupBytes(outDir))} of JavaScript (budget ${kb(STARTUP_JS_BUDGET)})`,
  )
}
