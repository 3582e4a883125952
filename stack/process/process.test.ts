import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BINARIES, missingBinaryReason, skipUnlessInstalled } from './binaries';
import { freePort } from './free-port';
import { startManagedProcess } from './managed-process';
import { waitFor } from '../../testing/wait-for';

describe('test harness', () => {
  it('freePort gives a port that can be bound on loopback', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('names the apt-get command for a missing binary', () => {
    const saved = BINARIES.victoriaMetrics.path;
    (BINARIES.victoriaMetrics as { path: string }).path = '/nonexistent/victoria-metrics';
    try {
      expect(missingBinaryReason(['victoriaMetrics', 'prometheus'])).toBe(
        '/nonexistent/victoria-metrics not installed; install with: sudo apt-get install -y victoria-metrics',
      );
    } finally {
      (BINARIES.victoriaMetrics as { path: string }).path = saved;
    }
  });

  it('skips a suite for a missing server on a desk, but fails it under CI', () => {
    const saved = BINARIES.victoriaMetrics.path;
    (BINARIES.victoriaMetrics as { path: string }).path = '/nonexistent/victoria-metrics';
    try {
      expect(skipUnlessInstalled(['victoriaMetrics'], 'VictoriaMetrics suite', {})).toBe(true);
      expect(() => skipUnlessInstalled(['victoriaMetrics'], 'VictoriaMetrics suite', { CI: 'true' })).toThrow(
        /VictoriaMetrics suite cannot run under CI: \/nonexistent\/victoria-metrics not installed/,
      );
      expect(skipUnlessInstalled(['prometheus'], 'Prometheus suite', { CI: 'true' })).toBe(false);
    } finally {
      (BINARIES.victoriaMetrics as { path: string }).path = saved;
    }
  });

  it('reports the output of a server that dies before it is ready', async () => {
    const start = startManagedProcess({
      name: 'a broken server',
      command: process.execPath,
      args: ['-e', 'console.error("bind: address already in use"); process.exit(3)'],
      readyUrl: 'http://127.0.0.1:1/never',
    });
    await expect(start).rejects.toThrow(/a broken server exited \(code 3\) before it was ready:\nbind: address already in use/);
  });

  it('is ready on a printed line and stops the process', async () => {
    const proc = await startManagedProcess({
      name: 'a line printer',
      command: process.execPath,
      args: ['-e', 'process.stdout.write("warming up\\nREA"); setTimeout(() => console.log("DY"), 50); setInterval(() => {}, 1000)'],
      readyLine: (line) => line === 'READY',
    });
    expect(proc.tail()).toBe('warming up\nREADY');
    await proc.stop();
    expect(await proc.exited).toBeNull();
  });

  it('waitFor says what it waited for when time runs out', async () => {
    await expect(waitFor('the moon', async () => undefined, { timeoutMs: 300, intervalMs: 50 })).rejects.toThrow(
      /timed out after 0.3 s waiting for the moon/,
    );
  });
});
