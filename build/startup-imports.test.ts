/**
 * The window's start-up code (renderer/main.ts and what it imports, pages excepted: they load
 * lazily) must not pull in the schema library or the pattern engine: they are for the pages that
 * validate and edit, and would put some 100 kB more on every start. Type-only imports are erased.
 */

import { readFileSync, statSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')

/** The module specifiers a file loads at run time: static imports and re-exports, not types. */
function runtimeImports(file: string): string[] {
  let text = readFileSync(file, 'utf8')
  if (file.endsWith('.vue'))
    text = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const found: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      const typeOnly =
        clause?.isTypeOnly ||
        (clause !== undefined &&
          clause.name === undefined &&
          clause.namedBindings !== undefined &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((element) => element.isTypeOnly))
      if (!typeOnly) found.push((statement.moduleSpecifier as ts.StringLiteral).text)
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier
    ) {
      found.push((statement.moduleSpecifier as ts.StringLiteral).text)
    }
  }
  return found
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier)
  // `./sources` may be both a folder and `sources.ts`: only a file is a module.
  return [base, `${base}.ts`, `${base}/index.ts`].find(
    (path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false,
  )
}

/** Every package the start-up code loads, with the chain of files that brings it in. */
function startupPackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>()
  const seen = new Set<string>()
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        if (!packages.has(specifier)) packages.set(specifier, [...chain, relative(root, file)])
        continue
      }
      const next = resolveLocal(file, specifier)
      if (next) walk(next, [...chain, relative(root, file)])
    }
  }
  walk(entry, [])
  return packages
}

describe("the renderer's start-up code", () => {
  const packages = startupPackages(resolve(root, 'renderer/main.ts'))

  it('is found by the walk (vue, pinia and the router load at start)', () => {
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['vue', 'pinia', 'vue-router']))
  })

  it.each(['zod', 're2js'])('does not load %s', (name) => {
    expect(packages.get(name), `loaded through ${packages.get(name)?.join(' -> ')}`).toBeUndefined()
  })
})
