/**
 * The README and docs/ link to each other by file and heading; a moved file or a renamed heading
 * must not leave a reader at a dead link. Checks every relative link (and its #anchor, with
 * GitHub's heading slugs) in README.md, SECURITY.md and docs/*.md.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const pages = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
]

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')
}

function anchorsOf(path: string): Set<string> {
  const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '')
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const match of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(match[1]!)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

function linksOf(path: string): string[] {
  const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '')
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!)
}

describe('documentation links', () => {
  it('finds the pages', () => {
    expect(pages).toContain('docs/user-guide.md')
    expect(pages).toContain('docs/config.md')
    expect(pages).toContain('docs/rest-api.md')
  })

  it.each(pages)('%s links only to files and headings that exist', (page) => {
    const from = join(root, page)
    const broken: string[] = []
    for (const link of linksOf(from)) {
      if (/^[a-z]+:/i.test(link)) continue // an absolute URL: not ours to check offline
      const [file, anchor] = link.split('#') as [string, string | undefined]
      const target = file === '' ? from : resolve(dirname(from), file)
      if (!existsSync(target)) {
        broken.push(`${link} (no file ${relative(root, target)})`)
        continue
      }
      if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor))
        broken.push(`${link} (no heading #${anchor} in ${relative(root, target)})`)
    }
    expect(broken).toEqual([])
  })
})
