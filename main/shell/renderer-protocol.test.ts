import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRendererHandler,
  filePathOf,
  isRendererPageUrl,
  RENDERER_INDEX_URL,
  RENDERER_SCHEME_PRIVILEGES,
} from './renderer-protocol'

let base: string
let root: string
let handle: (request: Request) => Promise<Response>

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'vigil-protocol-'))
  root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Vigil</title>')
  await writeFile(join(root, 'assets', 'index-abc.js'), 'export {}')
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}')
  await writeFile(join(root, 'assets', 'notes.txt'), 'not a renderer file type')
  await writeFile(join(base, 'secret.json'), '{"token":"s3cret"}')
  handle = createRendererHandler(root)
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const get = (url: string, method = 'GET') => handle(new Request(url, { method }))

describe('the vigil://app protocol', () => {
  it('is registered standard and secure, and nothing more', () => {
    expect(RENDERER_SCHEME_PRIVILEGES).toEqual({
      scheme: 'vigil',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    })
    expect(RENDERER_INDEX_URL).toBe('vigil://app/index.html')
  })

  it('serves the page and its assets with their types and the security headers', async () => {
    const page = await get(RENDERER_INDEX_URL)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Vigil</title>')

    const script = await get('vigil://app/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('export {}')
    const style = await get('vigil://app/assets/index-abc.css')
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect((await get('vigil://app/')).status).toBe(200) // the page itself
  })

  it('answers HEAD without a body', async () => {
    const head = await get(RENDERER_INDEX_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('never serves a file outside the renderer build', async () => {
    for (const url of [
      'vigil://app/../secret.json',
      'vigil://app/%2e%2e/secret.json',
      'vigil://app/assets/%2e%2e%2f%2e%2e%2fsecret.json',
      'vigil://app/..%5csecret.json',
      'vigil://app/%00index.html',
      'vigil://app/%E0%A4%A',
    ]) {
      const response = await get(url)
      expect(response.status, url).toBe(404)
      expect(await response.text(), url).not.toContain('s3cret')
    }
  })

  it('refuses other hosts, unknown types, missing files and writes, saying why', async () => {
    expect((await get('vigil://other/index.html')).status).toBe(404)
    const text = await get('vigil://app/assets/notes.txt')
    expect(text.status).toBe(404)
    expect(await text.text()).toBe('404: not a renderer file type')
    const missing = await get('vigil://app/assets/gone.js')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('404: no such renderer file')
    expect((await get('vigil://app/assets', 'GET')).status).toBe(404) // a directory
    const post = await handle(new Request(RENDERER_INDEX_URL, { method: 'POST', body: 'x' }))
    expect(post.status).toBe(405)
  })

  it('answers 500, not a crash, when a file cannot be read', async () => {
    const failing = createRendererHandler(root, () =>
      Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })),
    )
    const response = await failing(new Request(RENDERER_INDEX_URL))
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('500: could not read the renderer file')
  })

  it('resolves URLs to paths under the root only', () => {
    expect(filePathOf('vigil://app/assets/index-abc.js', root)).toBe(
      join(root, 'assets', 'index-abc.js'),
    )
    expect(filePathOf('vigil://app/', root)).toBe(join(root, 'index.html'))
    expect(filePathOf('file:///etc/passwd', root)).toBeUndefined()
    expect(filePathOf('not a url', root)).toBeUndefined()
  })

  it('knows the page from the other files of the build', () => {
    expect(isRendererPageUrl('vigil://app/index.html')).toBe(true)
    expect(isRendererPageUrl('vigil://app/index.html#/triggers/new')).toBe(true)
    expect(isRendererPageUrl('vigil://app/assets/index-abc.js')).toBe(false)
    expect(isRendererPageUrl('vigil://app:1/index.html')).toBe(false)
    expect(isRendererPageUrl('vigil://user@app/index.html')).toBe(false)
    expect(isRendererPageUrl('http://app/index.html')).toBe(false)
  })
})
