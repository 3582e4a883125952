import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('prints its URL as one JSON line, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn('node_modules/.bin/tsx', ['demo/cli.ts', '--port', '0', '--locks', '1000', '--incident', 'bad-release'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no listening line within 20 s')), 20_000);
        createInterface({ input: child.stdout }).once('line', (l) => {
          clearTimeout(timer);
          resolve(l);
        });
        child.once('exit', (code) => reject(new Error(`demo exited early with ${code}`)));
      });
      const event = JSON.parse(line) as { event: string; url: string };
      expect(event.event).toBe('listening');
      expect((await fetch(`${event.url}/healthz`)).status).toBe(200);
      const incidents = (await (await fetch(`${event.url}/api/incidents`)).json()) as { active: Array<{ name: string }> };
      expect(incidents.active.map((i) => i.name)).toEqual(['bad-release']);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
