import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockstepConfigSchema } from '../services/config/sources';
import { PORT_FILE, rememberedPort } from './port-memory';
import { startWebHost } from './server';

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-port-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  const config = LockstepConfigSchema.parse({
    mode: 'custom',
    // Port 9 (discard) is closed on loopback: a source that is configured but never answers.
    sources: [{ kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9', timeoutMs: 2000 }],
  });
  return { dataDir: join(dir, 'data'), rendererDir, config };
}

const portOf = (url: string) => Number(new URL(url).port);

describe('the web host remembers its port for wall bookmarks', () => {
  it('listens again on the port the last run used, with the same viewer token', async () => {
    const options = { ...fixture(), rememberPort: true };
    const first = await startWebHost(options);
    const port = portOf(first.url);
    const viewerUrl = first.viewerUrl;
    await first.close();
    expect(readFileSync(join(options.dataDir, PORT_FILE), 'utf8').trim()).toBe(String(port));
    const second = await startWebHost(options);
    try {
      expect(portOf(second.url)).toBe(port);
      expect(second.viewerUrl).toBe(viewerUrl);
      expect(second.portNote).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('takes another port and says so when the remembered one is held by another program', async () => {
    const options = { ...fixture(), rememberPort: true };
    const first = await startWebHost(options);
    const port = portOf(first.url);
    await first.close();
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
    try {
      const second = await startWebHost(options);
      try {
        expect(portOf(second.url)).not.toBe(port);
        expect(second.portNote).toContain(`Port ${port}`);
        expect(rememberedPort(options.dataDir)).toBe(portOf(second.url));
      } finally {
        await second.close();
      }
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });

  it('an explicit port wins over the remembered one, and a damaged file counts as none', async () => {
    const options = { ...fixture(), rememberPort: true };
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(join(options.dataDir, PORT_FILE), 'not a port');
    expect(rememberedPort(options.dataDir)).toBeUndefined();
    const host = await startWebHost(options);
    await host.close();
    const remembered = portOf(host.url);
    const probe = createServer();
    const free = await new Promise<number>((r) => probe.listen(0, '127.0.0.1', () => r((probe.address() as { port: number }).port)));
    await new Promise<void>((r) => probe.close(() => r()));
    const explicit = await startWebHost({ ...options, port: free });
    try {
      expect(portOf(explicit.url)).toBe(free);
      expect(free).not.toBe(remembered);
    } finally {
      await explicit.close();
    }
  });
});
