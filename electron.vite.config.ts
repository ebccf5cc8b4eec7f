import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { generateIcons, iconsOutdated } from './build/icons'

const here = import.meta.dirname

/**
 * `npm run dev` only: Vite's dev server injects component styles as <style> elements, which the
 * production CSP (style-src 'self') forbids. Built output keeps the strict policy untouched.
 */
function devStylesCsp(): Plugin {
  return {
    name: 'vigil-dev-styles-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  }
}

/**
 * App and tray icons are rendered from build/icons/*.svg into out/icons with each main build (dev
 * included), unless they are already newer than their sources. Nothing generated is committed.
 */
function vigilIcons(): Plugin {
  return {
    name: 'vigil-icons',
    async closeBundle() {
      const sources = resolve(here, 'build/icons')
      const out = resolve(here, 'out/icons')
      if (await iconsOutdated(sources, out)) await generateIcons(sources, out)
    },
  }
}

export default defineConfig({
  main: {
    plugins: [vigilIcons()],
    build: {
      outDir: 'out/main',
      // Dependencies (ws, fastify, zod) stay external and load from node_modules at run time.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          // The Electron composition root.
          index: resolve(here, 'main/index.ts'),
          // The same engine without Electron: `npm run headless` runs this with plain Node.
          headless: resolve(here, 'main/headless/cli.ts'),
          // History's SQLite thread, loaded by path as a worker (main/services/history).
          'sqlite-worker': resolve(here, 'main/services/history/sqlite-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything but a few Electron modules, so it is
      // bundled whole, as CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(here, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'renderer'),
    plugins: [vue(), devStylesCsp()],
    build: {
      outDir: resolve(here, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default; the page loads from disk, but
      // parsing half a megabyte less still shows the window sooner.
      minify: true,
      rolldownOptions: { input: { index: resolve(here, 'renderer/index.html') } },
    },
  },
})
