import { describe, expect, it } from 'vitest';
import { chunkClosure } from './preload-console-chunk';

const chunk = (fileName: string, facadeModuleId: string | null, imports: string[] = []) => ({ type: 'chunk' as const, fileName, facadeModuleId, imports });

describe('the chunks index.html preloads for the console', () => {
  const bundle = {
    'assets/index-A.js': chunk('assets/index-A.js', '/repo/renderer/index.html', ['assets/runtime-R.js']),
    'assets/mount-M.js': chunk('assets/mount-M.js', '/repo/renderer/src/app/mount.tsx', ['assets/vendor-V.js', 'assets/store-S.js', 'assets/runtime-R.js']),
    'assets/vendor-V.js': chunk('assets/vendor-V.js', null, ['assets/runtime-R.js']),
    'assets/store-S.js': chunk('assets/store-S.js', null, ['assets/vendor-V.js']),
    'assets/runtime-R.js': chunk('assets/runtime-R.js', null),
    'assets/TraceView-T.js': chunk('assets/TraceView-T.js', '/repo/renderer/src/trace/TraceView.tsx', ['assets/vendor-V.js']),
    'assets/index.css': { type: 'asset' as const, fileName: 'assets/index.css' },
  };

  it('names the console chunk and every chunk it imports, once each, leaving out what the entry loads and the lazy views', () => {
    expect(chunkClosure(bundle, 'src/app/mount.tsx', new Set(['assets/index-A.js', 'assets/runtime-R.js']))).toEqual(['assets/mount-M.js', 'assets/vendor-V.js', 'assets/store-S.js']);
  });

  it('matches a Windows module path too', () => {
    const windows = { 'assets/mount-M.js': chunk('assets/mount-M.js', 'C:\\repo\\renderer\\src\\app\\mount.tsx') };
    expect(chunkClosure(windows, 'src/app/mount.tsx', new Set())).toEqual(['assets/mount-M.js']);
  });

  it('finds nothing when no chunk was built from the module (the plugin then fails the build)', () => {
    expect(chunkClosure(bundle, 'src/app/missing.tsx', new Set())).toEqual([]);
  });
});
