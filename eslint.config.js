// Lint rules that keep the design's fences (see README "Folders"): the engine, shared code and
// the renderer never import electron; raw ipcMain/ipcRenderer live only in the bridge and preload;
// shared code imports no platform at all; the renderer reaches the engine only through api.ts.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'stream',
  'url',
  'util',
  'events',
  'worker_threads',
]

const noElectron = {
  name: 'electron',
  message: 'Only the Electron glue in main/ (and preload) may import electron.',
}
// electron-log's main entry and `electron-log/main` load Electron; its plain-Node entry does not.
const noElectronLog = ['electron-log', 'electron-log/main', 'electron-log/renderer'].map(
  (name) => ({
    name,
    message:
      'The engine logs through electron-log/node (main/services/logging), which never loads Electron.',
  }),
)
const noRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC belongs in main/ipc/bridge.ts and preload/index.ts only; use the contract.',
}

const noSendSync = {
  selector: "MemberExpression[property.name='sendSync']",
  message: 'sendSync blocks the UI; use invoke.',
}
// B18: a date's own toLocale*String gives another format per call site and locale.
const noLocaleMoment = {
  selector:
    "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/][callee.object.type='NewExpression']",
  message: 'Show moments with formatWhen, formatWhenFull or formatUntil (renderer/lib/format.ts).',
}
const browserWindowMessage =
  'Create windows only through createMainWindow (main/window.ts), which applies the secure webPreferences.'
// Test-only modules (the engine's private parts among them) stay out of production code.
const noTestOnlyImports = [
  {
    selector: 'ImportDeclaration[source.value=/\\/testing\\//]',
    message: 'testing/ modules are for tests, benchmarks and integration harnesses only.',
  },
  {
    selector: "ImportSpecifier[imported.name='partsOf']",
    message: "The engine's parts are private: depend on a port of engine-ports.ts instead.",
  },
]
const noBrowserWindow = [
  { selector: "NewExpression[callee.name='BrowserWindow']", message: browserWindowMessage },
  {
    selector: "NewExpression[callee.property.name='BrowserWindow']",
    message: browserWindowMessage,
  },
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', noSendSync, ...noBrowserWindow],
    },
  },
  // Production code in main/: no test-only modules (see noTestOnlyImports).
  {
    files: ['main/**/*.ts'],
    ignores: ['**/*.test.ts', 'main/**/testing/**', 'main/bench/**', 'main/integration/**'],
    rules: {
      'no-restricted-syntax': ['error', noSendSync, ...noBrowserWindow, ...noTestOnlyImports],
    },
  },
  // main/window.ts is the one place a BrowserWindow is built, with the secure webPreferences.
  {
    files: ['main/window.ts'],
    rules: { 'no-restricted-syntax': ['error', noSendSync, ...noTestOnlyImports] },
  },
  {
    files: [
      'main/**/*.ts',
      'preload/**/*.ts',
      'e2e/**/*.ts',
      '*.config.ts',
      '*.config.js',
      '.ci/**/*.js',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  { files: ['renderer/**/*.{ts,vue}'], languageOptions: { globals: { ...globals.browser } } },
  // Everywhere except the bridge and preload: no raw IPC. (The composition root imports ipcMain
  // only to hand it to the bridge.)
  {
    files: ['**/*.{ts,vue,js}'],
    ignores: ['main/ipc/bridge.ts', 'preload/index.ts', 'main/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noRawIpc] }] },
  },
  // The Electron glue takes Electron's pieces as parameters (typed with `import type`), so each
  // module is unit-tested with fakes; only the composition root imports Electron's values.
  {
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/services/**', 'main/simulators/**', 'main/headless/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message:
                'Only main/index.ts imports Electron values; take what you need as a parameter.',
            },
          ],
        },
      ],
    },
  },
  // The engine, simulators and headless host run in plain Node: no electron at all.
  {
    files: ['main/services/**/*.ts', 'main/simulators/**/*.ts', 'main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noElectronLog],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**'],
              message: 'The engine does not reach into the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noElectronLog],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**'],
              message: 'The engine does not reach into the UI.',
            },
            {
              group: ['**/headless/**', '**/simulators/**'],
              message:
                'Services are composed by main/ and headless/, not the other way round; inject a port.',
            },
          ],
        },
      ],
    },
  },
  // Shared code compiles for Node and the browser alike: no platform imports.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ must not depend on Node.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', 'vue', 'pinia'],
              message: 'shared/ depends on nothing but shared/ (and pure libraries such as zod).',
            },
          ],
        },
      ],
    },
  },
  // The renderer talks to the engine only through renderer/api.ts.
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer reaches the engine only through renderer/api.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    ignores: ['renderer/api.ts', 'renderer/transport/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'api', message: 'Use renderer/api.ts.' },
      ],
    },
  },
  // B18: one way to show a moment. Dates and times go through renderer/lib/format.ts.
  {
    files: ['renderer/**/*.{ts,vue}'],
    ignores: ['renderer/lib/format.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', noLocaleMoment],
      'vue/no-restricted-syntax': ['error', noLocaleMoment],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // A promise nobody awaits, returns or catches fails unseen, or ends the process when it
  // rejects: typed linting finds every one. (Import cycles are held by `npm run lint:cycles`.)
  {
    files: ['**/*.{ts,vue}'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  prettier,
)
