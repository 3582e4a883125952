import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerConfigs } from './lint/layers.js';

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
  // Allow-lists: each folder names what it may import (lint/layers.js).
  ...layerConfigs(),
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
