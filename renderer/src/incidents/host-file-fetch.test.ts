import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPEN_INCIDENT_FILE_PARAM, TOKEN_PARAM, WEB_PATHS } from '../../../shared/api/wire';
import { storedToken } from '../api/token';
import { EARLY_NAMES, startHostFileFetch, takeHostFileFetch } from './host-file-fetch';

const ok = () => Promise.resolve(new Response('file'));

describe('the early fetch of the host’s incident file', () => {
  afterEach(() => void takeHostFileFetch());

  it('uses the same names as the wire contract and the token store (repeated only to keep the entry chunk small)', () => {
    expect(EARLY_NAMES.openParam).toBe(OPEN_INCIDENT_FILE_PARAM);
    expect(EARLY_NAMES.tokenParam).toBe(TOKEN_PARAM);
    expect(EARLY_NAMES.path).toBe(WEB_PATHS.incidentFile);
    expect(storedToken({ getItem: (key) => (key === EARLY_NAMES.tokenStorageKey ? 'kept' : null) })).toBe('kept');
  });

  it('fetches the file with the address’s token when the address asks for it, and hands the fetch over once', async () => {
    const fetch = vi.fn(ok);
    startHostFileFetch({ href: 'http://127.0.0.1:4000/?token=abc&open-incident-file=1', storage: { getItem: () => 'stale' }, fetch });
    expect(fetch).toHaveBeenCalledWith('/api/incident-file', { headers: { authorization: 'Bearer abc' }, cache: 'no-store' });
    const taken = takeHostFileFetch();
    expect(await (await taken!).text()).toBe('file');
    expect(takeHostFileFetch()).toBeUndefined();
  });

  it('uses the token kept for this tab after a reload took it out of the address', () => {
    const fetch = vi.fn(ok);
    startHostFileFetch({ href: 'http://127.0.0.1:4000/?open-incident-file=1', storage: { getItem: (key) => (key === 'lockstep.token' ? 'kept' : null) }, fetch });
    expect(fetch).toHaveBeenCalledWith('/api/incident-file', { headers: { authorization: 'Bearer kept' }, cache: 'no-store' });
  });

  it('sends no credential when there is none, and survives storage that throws', () => {
    const fetch = vi.fn(ok);
    const storage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    startHostFileFetch({ href: 'http://127.0.0.1:4000/?open-incident-file=1', storage, fetch });
    expect(fetch).toHaveBeenCalledWith('/api/incident-file', { headers: {}, cache: 'no-store' });
  });

  it('fetches nothing for an ordinary console address', () => {
    const fetch = vi.fn(ok);
    startHostFileFetch({ href: 'http://127.0.0.1:4000/?token=abc', storage: undefined, fetch });
    expect(fetch).not.toHaveBeenCalled();
    expect(takeHostFileFetch()).toBeUndefined();
  });

  it('keeps a failed fetch for the hook to report, without an unhandled rejection', async () => {
    const fetch = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    startHostFileFetch({ href: 'http://127.0.0.1:4000/?open-incident-file=1', storage: undefined, fetch });
    await expect(takeHostFileFetch()).rejects.toThrow('Failed to fetch');
  });
});
