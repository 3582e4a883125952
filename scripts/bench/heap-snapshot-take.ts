import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from '@playwright/test';
import { parseHeapSnapshot } from './heap-snapshot-diff';

/** Writes the page's heap, after a forced collection, as a `.heapsnapshot` file (DevTools' format). */
export async function takeHeapSnapshot(cdp: CDPSession, path: string): Promise<void> {
  await cdp.send('HeapProfiler.enable');
  const out = createWriteStream(path);
  const onChunk = ({ chunk }: { chunk: string }) => void out.write(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * Bytes of V8's compiled code in the page's heap (the snapshot's `code` nodes: machine code,
 * bytecode and their tables). It counts in the JS heap and grows as V8 optimises functions
 * that have become hot, which on a wall goes on for minutes: a figure to set apart from
 * objects the app keeps.
 */
export async function compiledCodeBytes(cdp: CDPSession): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-heap-'));
  try {
    const file = join(dir, 'page.heapsnapshot');
    await takeHeapSnapshot(cdp, file);
    const graph = parseHeapSnapshot(JSON.parse(readFileSync(file, 'utf8')));
    const code = graph.kind.indexOf('code');
    let bytes = 0;
    for (let n = 0; n < graph.count; n++) if (graph.typeOf[n] === code) bytes += graph.selfSize[n]!;
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
