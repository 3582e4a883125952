import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'module', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const nodePatterns = ['node:*', ...nodeBuiltins];

/** The layer rules of DESIGN.md, enforced here rather than hoped for. */
const layer = (files, patterns, message) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules', '.vite', 'out', 'dist', 'test-results', 'playwright-report', '.stack'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layer(
    ['shared/**/*.ts'],
    [...nodePatterns, 'electron', 'react', 'react-dom', 'undici', 'zustand', 'recharts', '**/electron/**', '**/renderer/**', '**/demo/**'],
    'shared/ is pure TypeScript: no Node, no DOM libraries, no other layer.',
  ),
  layer(['electron/services/**/*.ts'], ['electron', '**/renderer/**', '**/main/**', '**/preload/**', '**/web/**'], 'services are plain Node: never import electron or a host.'),
  layer(['renderer/**/*.{ts,tsx}'], [...nodePatterns, 'electron', 'undici', 'ws', '**/electron/**', '**/demo/**'], 'the renderer talks only through the Lockstep API: no Node, no services.'),
  layer(['demo/**/*.ts'], ['electron', '**/renderer/**', '**/electron/main/**', '**/electron/preload/**'], 'the demo fleet is plain Node.'),
  {
    files: ['electron/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'ipcMain', message: 'Register IPC only through electron/main/ipc.ts, which validates sender and payload.' },
        { object: 'ipcRenderer', message: 'Only the preload talks to ipcRenderer.' },
      ],
    },
  },
  {
    files: ['**/*.config.{js,ts}', 'eslint.config.js', 'forge.config.ts', 'playwright.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
