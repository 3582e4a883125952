import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Each layer's allow-list, tried on real file paths with the project's own config: one
 * import it must refuse and one it must accept, so a loosened rule fails here.
 */
const cases: Array<{ file: string; forbidden: string; allowed: string }> = [
  { file: 'shared/model/x.ts', forbidden: "import { readFileSync } from 'node:fs';", allowed: "import { z } from 'zod';" },
  { file: 'shared/model/y.ts', forbidden: "import { x } from '../../services/util/errors';", allowed: "import { x } from '../api/contract';" },
  { file: 'services/live/x.ts', forbidden: "import { app } from 'electron';", allowed: "import { request } from 'undici';" },
  { file: 'services/live/y.ts', forbidden: "import { createDemoSource } from '../../demo';", allowed: "import { x } from '../../shared';" },
  { file: 'services/live/z.ts', forbidden: "import { startWebHost } from '../../web/server';", allowed: "import { x } from '../util/errors';" },
  { file: 'services/live/w.ts', forbidden: "import { waitFor } from '../../testing/wait-for';", allowed: "import { x } from './live-queries';" },
  { file: 'web/x.ts', forbidden: "import { BrowserWindow } from 'electron';", allowed: "import { createServices } from '../services/core/create-services';" },
  { file: 'web/y.ts', forbidden: "import { x } from '../renderer/src/store/store';", allowed: "import { WebSocketServer } from 'ws';" },
  { file: 'electron/main/x.ts', forbidden: "import { x } from '../../demo/fleet/incidents';", allowed: "import { createDemoSource } from '../../demo';" },
  { file: 'electron/main/y.ts', forbidden: "import { startWebHost } from '../../web/server';", allowed: "import { app } from 'electron';" },
  { file: 'electron/preload/x.ts', forbidden: "import { readFileSync } from 'node:fs';", allowed: "import { contextBridge } from 'electron';" },
  { file: 'electron/settings/x.ts', forbidden: "import { x } from '../main/main';", allowed: "import ElectronStore from 'electron-store';" },
  { file: 'renderer/src/app/x.ts', forbidden: "import { request } from 'undici';", allowed: "import { create } from 'zustand';" },
  { file: 'renderer/src/app/y.ts', forbidden: "import { x } from '../../../services/util/errors';", allowed: "import { x } from '../../../shared';" },
  { file: 'demo/fleet/x.ts', forbidden: "import { x } from '../../services/live/live-queries';", allowed: "import type { DataSource } from '../../services/datasources/types';" },
  { file: 'stack/x.ts', forbidden: "import { x } from '../demo/fleet/incidents';", allowed: "import { alertRules } from '../demo';" },
  { file: 'stack/y.ts', forbidden: "import { waitFor } from '../testing/wait-for';", allowed: "import { x } from './process/managed-process';" },
  { file: 'scripts/x.ts', forbidden: "import { waitFor } from '../testing/wait-for';", allowed: "import { startWebHost } from '../web/server';" },
  { file: 'testing/x.ts', forbidden: "import { x } from '../services/core/create-services';", allowed: "import { x } from '../stack/process/free-port';" },
  { file: 'e2e/web/x.ts', forbidden: "import { x } from '../../renderer/src/store/store';", allowed: "import { test } from '@playwright/test';" },
];

describe('layer allow-lists in lint', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const layerErrors = async (code: string, filePath: string) => {
    const [result] = await eslint.lintText(`${code}\nexport const used = 1;\n`, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
  };

  it.each(cases)('$file refuses what its layer may not import', async ({ file, forbidden }) => {
    const errors = await layerErrors(forbidden, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/may not import/);
  });

  it.each(cases)('$file accepts what its layer may import', async ({ file, allowed }) => {
    expect(await layerErrors(allowed, file)).toEqual([]);
  });

  it('tests may use test support that production code may not', async () => {
    expect(await layerErrors("import { waitFor } from '../../testing/wait-for';", 'services/live/x.test.ts')).toEqual([]);
    expect(await layerErrors("import { waitFor } from '../../testing/wait-for';", 'services/live/x.ts')).toHaveLength(1);
  });
});
