import type { HtmlTagDescriptor, Plugin } from 'vite';

/** The parts of an output chunk this plugin reads (Rollup's and Rolldown's agree on these). */
interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  facadeModuleId?: string | null;
  imports?: readonly string[];
}

/**
 * The files of the chunk built from `moduleSuffix` and every chunk it imports statically,
 * minus those the page already loads (the entry's own). Order: the chunk, then its imports.
 */
export function chunkClosure(bundle: Readonly<Record<string, ChunkLike>>, moduleSuffix: string, alreadyLoaded: ReadonlySet<string>): string[] {
  const root = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.replaceAll('\\', '/').endsWith(moduleSuffix));
  if (!root) return [];
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    if (seen.has(fileName) || alreadyLoaded.has(fileName)) return;
    seen.add(fileName);
    for (const dep of bundle[fileName]?.imports ?? []) visit(dep);
  };
  visit(root.fileName);
  return [...seen];
}

/**
 * Names the console's own chunk (loaded by a dynamic import from the tiny entry, see
 * renderer/src/main.tsx) in index.html as `<link rel="modulepreload">`, so the browser
 * downloads and compiles it while the entry runs, instead of only once the entry asks for
 * it. Same-origin files only: the strict `script-src 'self'` CSP allows them as it is.
 */
export function preloadConsoleChunk(moduleSuffix: string): Plugin {
  return {
    name: 'lockstep-preload-console-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx): HtmlTagDescriptor[] {
        if (!ctx.bundle || !ctx.chunk) return [];
        const bundle = ctx.bundle as unknown as Record<string, ChunkLike>;
        const loaded = new Set([ctx.chunk.fileName, ...ctx.chunk.imports]);
        const files = chunkClosure(bundle, moduleSuffix, loaded);
        if (files.length === 0) throw new Error(`preload-console-chunk: no chunk was built from ${moduleSuffix}; fix the path in vite.renderer.config.ts`);
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' }));
      },
    },
  };
}
