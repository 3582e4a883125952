import { builtinModules } from 'node:module';
import { posix } from 'node:path';

/**
 * The layer rules, as allow-lists: each folder names the folders and packages it may
 * import, and anything else is an error. A folder's name says where its code runs, so
 * this is what keeps Node out of the renderer, Electron out of the services, and the
 * demo fleet behind its one seam (demo/index.ts).
 */
const NODE = 'node built-ins';
const builtins = new Set(builtinModules);

/** Production code. Tests of a layer may also use the test-only folders below. */
export const LAYERS = [
  { name: 'shared', files: ['shared/**'], folders: ['shared'], packages: ['zod', 'fflate'], why: 'shared/ is pure TypeScript: no Node, no DOM libraries, no other layer (fflate is pure-JS gzip for the incident file)' },
  { name: 'services', files: ['services/**'], folders: ['shared', 'services'], packages: [NODE, 'undici', 'ws', 'zod'], why: 'services are plain Node: never Electron, a host, the renderer or the demo fleet' },
  { name: 'web', files: ['web/**'], folders: ['shared', 'services', 'web'], packages: [NODE, 'ws', 'zod'], why: 'the web host composes the services; it never imports Electron or the renderer' },
  { name: 'electron/main', files: ['electron/main/**'], folders: ['shared', 'services', 'electron/main', 'electron/settings', 'demo/index.ts'], packages: [NODE, 'electron', 'zod'], why: 'the Electron host composes the services and its own settings' },
  { name: 'electron/preload', files: ['electron/preload/**'], folders: ['shared', 'electron/preload'], packages: ['electron', 'zod'], why: 'the sandboxed preload may only bridge the contract' },
  { name: 'electron/settings', files: ['electron/settings/**'], folders: ['shared', 'services', 'electron/settings'], packages: [NODE, 'electron', 'electron-store', 'zod'], why: 'Electron settings implement the services’ settings interfaces' },
  { name: 'renderer', files: ['renderer/**'], folders: ['shared', 'renderer'], packages: ['react', 'react-dom', 'zustand', 'uplot', 'zod'], why: 'the renderer talks only through the Lockstep API: no Node, no services' },
  { name: 'demo', files: ['demo/**'], folders: ['shared', 'demo', 'services/datasources/types.ts', 'services/config/sources.ts'], packages: [NODE, 'prom-client', 'ws', 'zod'], why: 'the demo fleet is plain Node and implements only the data-source interface' },
  { name: 'stack', files: ['stack/**'], folders: ['shared', 'stack', 'services/config/sources.ts', 'services/datasources/alertmanager-schemas.ts', 'demo/index.ts'], testFolders: ['services'], packages: [NODE, 'zod'], why: 'the local stack runs real servers and the demo through its seam' },
  { name: 'testing', files: ['testing/**'], folders: ['shared', 'testing', 'stack'], packages: [NODE, 'vitest', 'zod'], why: 'test support serves tests only' },
  { name: 'scripts', files: ['scripts/**'], ignores: ['scripts/bench/**'], folders: ['shared', 'services', 'web', 'stack', 'scripts', 'demo/index.ts'], packages: [NODE, 'vite', 'zod'], why: 'scripts compose the hosts; they never run test support' },
  { name: 'bench', files: ['scripts/bench/**'], ignores: ['scripts/bench/*-page/**'], folders: ['shared', 'services', 'web', 'stack', 'scripts', 'demo/index.ts', 'testing'], packages: [NODE, 'playwright-core', '@playwright/test', 'vite', '@vitejs/plugin-react', 'zod'], why: 'benchmarks measure the product (building its UI with vite as `npm run build` does)' },
  { name: 'bench page', files: ['scripts/bench/*-page/**'], folders: ['shared', 'renderer'], packages: ['react', 'react-dom', 'zustand', 'zod'], why: 'a benchmark page runs the renderer’s own components in Chromium, as the console does' },
  { name: 'e2e', files: ['e2e/**'], folders: ['e2e', 'shared', 'services/config/sources.ts', 'web/server.ts', 'stack', 'scripts/lib', 'demo/index.ts'], packages: [NODE, '@playwright/test', 'zod'], why: 'end-to-end tests drive the hosts from outside' },
];

/** What a test file may add to its layer's list. */
export const TEST_EXTRA = {
  folders: ['testing', 'stack', 'demo/index.ts', 'lint', 'forge.config.ts', 'vite.main.config.ts', 'vite.preload.config.ts', 'vite.worker.config.ts'],
  packages: ['vitest', NODE, 'vite', 'eslint', '@electron/fuses', 'conf'],
};

const stripModule = (p) => p.replace(/\.(d\.ts|tsx?|jsx?|cjs|mjs)$/, '').replace(/\/index$/, '');

function folderAllowed(resolved, folders) {
  const target = stripModule(resolved);
  return folders.some((entry) => {
    // An entry naming a file (demo/index.ts) allows that module alone; a folder allows all below it.
    if (/\.[a-z]+$/.test(entry)) return target === stripModule(entry);
    return target === entry || target.startsWith(`${entry}/`);
  });
}

function packageOf(spec) {
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0])) return NODE;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const rule = {
  meta: {
    type: 'problem',
    schema: [{ type: 'object', properties: { name: { type: 'string' }, folders: { type: 'array' }, packages: { type: 'array' }, why: { type: 'string' } }, additionalProperties: false }],
    messages: { denied: "{{layer}} may not import '{{spec}}' ({{what}}): {{why}}." },
  },
  create(context) {
    const { name, folders, packages, why } = context.options[0];
    const file = posix.normalize(posix.relative(context.cwd.replaceAll('\\', '/'), context.filename.replaceAll('\\', '/')));
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const resolved = posix.normalize(posix.join(posix.dirname(file), spec));
        if (!folderAllowed(resolved, folders)) context.report({ node, messageId: 'denied', data: { layer: name, spec, what: resolved, why } });
      } else if (!packages.includes('*')) {
        const pkg = packageOf(spec);
        if (!packages.includes(pkg)) context.report({ node, messageId: 'denied', data: { layer: name, spec, what: `package ${pkg}`, why } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        const isRequire = node.callee.type === 'Identifier' && node.callee.name === 'require';
        const isMock = node.callee.type === 'MemberExpression' && node.callee.object.name === 'vi' && ['mock', 'doMock'].includes(node.callee.property.name);
        const arg = node.arguments[0];
        if ((isRequire || isMock) && arg?.type === 'Literal') check(node, arg.value);
      },
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': rule } };

const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/testdata/**'];

/** One flat-config block per layer for production files, and one for its tests. */
export function layerConfigs() {
  return LAYERS.flatMap((layer) => {
    const options = { name: layer.name, folders: layer.folders, packages: layer.packages, why: layer.why };
    const testOptions = { ...options, folders: [...layer.folders, ...(layer.testFolders ?? []), ...TEST_EXTRA.folders], packages: [...new Set([...layer.packages, ...TEST_EXTRA.packages])] };
    return [
      { files: layer.files, ignores: [...(layer.ignores ?? []), ...TESTS], plugins: { layers: layersPlugin }, rules: { 'layers/allowed-imports': ['error', options] } },
      { files: layer.files.map((f) => `${f.replace(/\*\*$/, '')}**/*.test.{ts,tsx}`), ignores: layer.ignores ?? [], plugins: { layers: layersPlugin }, rules: { 'layers/allowed-imports': ['error', testOptions] } },
    ];
  });
}
