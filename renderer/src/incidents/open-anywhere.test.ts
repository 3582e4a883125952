import { describe, expect, it } from 'vitest';
import { incidentEmbedElement } from '../../../shared/incident-file/html-embed';
import { openIncidentBytes } from './open-anywhere';

const encode = (text: string) => new TextEncoder().encode(text);

function recorder() {
  const calls: { name: string; file: string; as: 'bytes' | 'text' }[] = [];
  // The store's action takes bytes (a sealed file is not text to re-encode); text only from older callers.
  const open = async (name: string, file: string | Uint8Array) => {
    calls.push({ name, file: typeof file === 'string' ? file : new TextDecoder().decode(file), as: typeof file === 'string' ? 'text' : 'bytes' });
    return undefined;
  };
  return { calls, open };
}

describe('openIncidentBytes', () => {
  it('hands an incident file to the store as it is', async () => {
    const { calls, open } = recorder();
    expect(await openIncidentBytes(open, 'a.lockstep.json', encode('{"format":"lockstep.incident","title":"é"}'))).toBeUndefined();
    expect(calls).toEqual([{ name: 'a.lockstep.json', file: '{"format":"lockstep.incident","title":"é"}', as: 'bytes' }]);
  });

  it('unwraps an HTML report: the embedded file opens under its own name', async () => {
    const { calls, open } = recorder();
    const html = `<!doctype html><html><body>${incidentEmbedElement(encode('{"inner":true}'), 'bad-release.lockstep.json')}</body></html>`;
    expect(await openIncidentBytes(open, 'report.html', encode(html))).toBeUndefined();
    expect(calls).toEqual([{ name: 'bad-release.lockstep.json', file: '{"inner":true}', as: 'bytes' }]);
  });

  it('says which file is wrong when an HTML page carries no incident, and opens nothing', async () => {
    const { calls, open } = recorder();
    expect(await openIncidentBytes(open, 'notes.html', encode('<html><body>hi</body></html>'))).toBe(
      'notes.html: This HTML page is not a Lockstep incident report: it carries no embedded incident file.',
    );
    expect(calls).toEqual([]);
  });

  it('passes on the store\'s own sentence for a file it refuses', async () => {
    const refuse = async (name: string) => `${name} is not JSON.`;
    expect(await openIncidentBytes(refuse, 'x.lockstep.json', encode('nope'))).toBe('x.lockstep.json is not JSON.');
  });
});
