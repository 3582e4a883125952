import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONSOLE_HEADER } from '../../../shared/api/wire';
import { httpBulk, socketUrl } from './browser-transport';

afterEach(() => vi.unstubAllGlobals());

describe('the web console naming itself', () => {
  it('puts its token and console id on the WebSocket address', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'tok', 'c0ffee0123456789')).toBe('ws://127.0.0.1:4000/api/ws?token=tok&console=c0ffee0123456789');
    expect(socketUrl({ protocol: 'https:', host: 'wall.lan' }, undefined)).toBe('wss://wall.lan/api/ws');
  });

  it('names itself on the calls it makes over HTTP, so their events reach its WebSocket', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    await httpBulk('tok', 'c0ffee0123456789')('getTraceColumns', '{}');
    const headers = (fetch.mock.calls[0] as unknown as [string, { headers: Record<string, string> }])[1].headers;
    expect(headers[CONSOLE_HEADER]).toBe('c0ffee0123456789');
    expect(headers.authorization).toBe('Bearer tok');
  });
});
