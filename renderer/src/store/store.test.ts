import { afterEach, describe, expect, it } from 'vitest';
import { createBundleClient } from '../api/bundle-client';
import type { RendererClient } from '../api/types';
import type { EventOf } from '../../../shared/api/contract';
import { runShortcut } from '../keyboard/shortcuts';
import { sampleBundle } from '../test/fixtures';
import { type TraceColumns, toTraceColumnsWire } from '../../../shared/model/trace-columns';
import { encodeTraceColumns } from '../../../shared/trace/columns-codec';
import { traceColumnsHead } from '../../../shared/trace/columns-head';
import { generateTrace } from '../../../shared/trace/generate';
import { normalizeZipkin } from '../../../shared/trace/zipkin';
import { resetStore, useStore } from './store';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => resetStore());

describe('store with an offline bundle client', () => {
  it('loads session, lists and live panel data from the client', async () => {
    await useStore.getState().attachClient(createBundleClient(sampleBundle(), 'f.json'));
    await settle();
    const s = useStore.getState();
    expect(s.session?.mode).toBe('bundle');
    expect(s.actor).toBe('mia');
    expect(s.alerts.map((a) => a.fingerprint)).toEqual(['fp1', 'fp2']);
    expect(s.selectedIncidentId).toBe('inc-1');
    expect(s.deployments[0]?.service).toBe('lock-service');
    expect(s.live['online/A']?.result?.series).toHaveLength(1);
    expect(s.live['funnel/A']?.error).toMatch(/no data/);
  });

  it('switches to a file and back to the live client', async () => {
    const host = createBundleClient({ ...sampleBundle(), exportedBy: 'host' }, 'host.json');
    await useStore.getState().attachClient(host);
    expect(await useStore.getState().openIncidentFile('bad.json', '{nope')).toMatch(/not JSON/);
    expect(await useStore.getState().openIncidentFile('bad.json', '{"format":"x"}')).toMatch(/not a Lockstep incident file/);
    expect(useStore.getState().offlineFile).toBeNull();
    expect(await useStore.getState().openIncidentFile('inc.json', JSON.stringify(sampleBundle()))).toBeUndefined();
    expect(useStore.getState().offlineFile).toBe('inc.json');
    expect(useStore.getState().client).not.toBe(host);
    await useStore.getState().leaveOffline();
    expect(useStore.getState().client).toBe(host);
    expect(useStore.getState().offlineFile).toBeNull();
  });

  it('an alerts event without a list (unchanged since the last) keeps the alerts and takes the new freshness and health', async () => {
    await useStore.getState().attachClient(createBundleClient(sampleBundle(), 'f.json'));
    await settle();
    const before = useStore.getState().alerts;
    expect(before.length).toBeGreaterThan(0);
    useStore.getState().applyAlerts({ fetchedAt: 123_456, health: { blind: true, reasons: ['Alertmanager does not answer'], since: 123_000 } });
    const s = useStore.getState();
    expect(s.alerts).toBe(before);
    expect(s.alertsFetchedAt).toBe(123_456);
    expect(s.alertingHealth?.blind).toBe(true);
    useStore.getState().applyAlerts({ alerts: [], fetchedAt: 123_999 });
    expect(useStore.getState().alerts).toEqual([]);
  });

  it('keeps the last good result when a refresh fails', () => {
    const { applyQueryResult } = useStore.getState();
    applyQueryResult({ queryId: 'p/A', result: { series: [], fetchedAt: 5, warnings: [] }, at: 5 });
    applyQueryResult({ queryId: 'p/A', error: 'Prometheus is down', at: 10 });
    expect(useStore.getState().live['p/A']).toMatchObject({ error: 'Prometheus is down', result: { fetchedAt: 5 } });
  });

  it('opens a bundled trace and lays it out once', async () => {
    await useStore.getState().attachClient(createBundleClient(sampleBundle(), 'f.json'));
    await useStore.getState().openTrace('abc123');
    const view = useStore.getState().traceView;
    expect(view?.status).toBe('ready');
    expect(view?.layout?.rows.map((r) => r.depth)).toEqual([0, 1]);
    expect(view?.critical?.has(0)).toBe(true);
    // The stretches the waterfall stripes, one list per span on the path, none off it.
    expect([...view!.criticalSegments!.keys()].sort()).toEqual([...view!.critical!].sort());
    expect(view!.criticalSegments!.get(0)!.every((seg) => seg.end >= seg.start)).toBe(true);
    await useStore.getState().openTrace('ffff');
    expect(useStore.getState().traceView).toMatchObject({ status: 'error' });
  });

  it('shows the rows before the critical path, which follows a frame later', async () => {
    await useStore.getState().attachClient(createBundleClient(sampleBundle(), 'f.json'));
    const seen: { rows: number; critical: boolean }[] = [];
    const stop = useStore.subscribe((state) => {
      const view = state.traceView;
      if (view?.status === 'ready') seen.push({ rows: view.layout!.rows.length, critical: view.critical !== undefined && view.criticalSegments !== undefined });
    });
    await useStore.getState().openTrace('abc123');
    stop();
    expect(seen).toEqual([{ rows: 2, critical: false }, { rows: 2, critical: true }]);
  });

  it('lays a trace out from the parents the host sent with its columns, with what resolving them said', async () => {
    const bundle = createBundleClient(sampleBundle(), 'f.json');
    // A host that resolved span b as a root (as if its parent a were not the span named "a"):
    // the slice must follow the sent column, not resolve b's parentId again.
    const client: RendererClient = Object.assign(Object.create(bundle) as RendererClient, {
      call: async (method: string, request: never) => {
        const answer = await bundle.call(method as 'getTraceColumns', request);
        if (method !== 'getTraceColumns') return answer;
        return { ...answer, parent: answer.parent!.map(() => -1), parentWarnings: ['sent by the host'] };
      },
    });
    await useStore.getState().attachClient(client);
    await useStore.getState().openTrace('abc123');
    const layout = useStore.getState().traceView?.layout;
    expect(layout?.rows.map((r) => r.depth)).toEqual([0, 0]);
    expect(layout?.warnings).toContain('sent by the host');
  });
});

/**
 * A bundle client whose trace open first runs `during` — which may tell traceProgress events
 * to the open's listeners — then answers with `answer`, or the bundle's own trace.
 */
function progressClient(during: (tell: (payload: EventOf<'traceProgress'>) => void, progressId: string) => void, answer?: TraceColumns) {
  const bundle = createBundleClient(sampleBundle(), 'f.json');
  const listeners = new Set<(payload: EventOf<'traceProgress'>) => void>();
  const client: RendererClient = Object.assign(Object.create(bundle) as RendererClient, {
    on: (event: string, listener: (payload: unknown) => void) => {
      if (event !== 'traceProgress') return bundle.on(event as 'alerts', listener);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    call: async (method: string, request: { progressId?: string }) => {
      if (method !== 'getTraceColumns') return bundle.call(method as 'getSession', request as never);
      during((payload) => listeners.forEach((l) => l(payload)), request.progressId!);
      return answer ?? bundle.call(method, request as never);
    },
  });
  return { client, listeners };
}

describe('trace open progress', () => {
  it('shows the host’s progress for its own open while loading, ignores another open’s, and drops it once ready', async () => {
    const seen: (string | undefined)[] = [];
    const { client, listeners } = progressClient((tell, progressId) => {
      tell({ progressId: 'someone-else', phase: 'receiving', receivedBytes: 1, totalBytes: 9 });
      seen.push(useStore.getState().traceView?.progress?.phase);
      tell({ progressId, phase: 'receiving', receivedBytes: 3_000_000, totalBytes: 9_000_000 });
      seen.push(`${useStore.getState().traceView?.status} ${useStore.getState().traceView?.progress?.receivedBytes}`);
    });
    await useStore.getState().attachClient(client);
    await useStore.getState().openTrace('abc123');
    expect(seen).toEqual([undefined, 'loading 3000000']);
    expect(useStore.getState().traceView).toMatchObject({ status: 'ready' });
    expect(useStore.getState().traceView?.progress).toBeUndefined();
    // Its listener is gone with the open.
    expect(listeners.size).toBe(0);
  });
});

describe('a large trace’s first rows, sent ahead', () => {
  const columns = encodeTraceColumns(normalizeZipkin(generateTrace({ spans: 600, seed: 4 })));
  const cut = traceColumnsHead(columns)!;
  const head = { ...cut, columns: toTraceColumnsWire(cut.columns) };
  const viewNow = () => {
    const view = useStore.getState().traceView;
    return { status: view?.status, rows: view?.head?.layout.rows.length, spans: view?.head?.spanCount, errorBelow: view?.head?.errorBelow.size };
  };

  it('are drawn while the trace loads, then give way to the whole', async () => {
    const seen: ReturnType<typeof viewNow>[] = [];
    const { client } = progressClient((tell, progressId) => {
      tell({ progressId, phase: 'sending', receivedBytes: 5, head });
      seen.push(viewNow());
    }, columns);
    await useStore.getState().attachClient(client);
    await useStore.getState().openTrace('abc123');
    expect(seen).toEqual([{ status: 'loading', rows: 100, spans: 600, errorBelow: head.errorBelow.length }]);
    const view = useStore.getState().traceView;
    expect(view?.status).toBe('ready');
    expect(view?.head).toBeUndefined();
    expect(view?.layout?.rows).toHaveLength(600);
  });

  it('are left out when they do not hold together (the whole still opens)', async () => {
    const seen: ReturnType<typeof viewNow>[] = [];
    const { client } = progressClient((tell, progressId) => {
      tell({ progressId, phase: 'sending', receivedBytes: 5, head: { ...head, childCount: [] } });
      seen.push(viewNow());
    }, columns);
    await useStore.getState().attachClient(client);
    await useStore.getState().openTrace('abc123');
    expect(seen).toEqual([{ status: 'loading', rows: undefined, spans: undefined, errorBelow: undefined }]);
    expect(useStore.getState().traceView?.layout?.rows).toHaveLength(600);
  });
});

describe('keyboard shortcuts', () => {
  it('moves through alerts, opens the acknowledge dialog only when actions are allowed', async () => {
    await useStore.getState().attachClient(createBundleClient(sampleBundle(), 'f.json'));
    runShortcut('a', useStore.getState(), null);
    expect(useStore.getState().focusArea).toBe('alerts');
    expect(useStore.getState().selectedAlert).toBe('fp1');
    runShortcut('j', useStore.getState(), null);
    expect(useStore.getState().selectedAlert).toBe('fp2');
    runShortcut('k', useStore.getState(), null);
    // Offline files are read only: no acknowledge dialog.
    expect(runShortcut('c', useStore.getState(), null)).toBe(false);
    useStore.setState({ session: { ...useStore.getState().session!, readOnly: false } });
    runShortcut('c', useStore.getState(), null);
    expect(useStore.getState().dialog).toEqual({ kind: 'ack', fingerprint: 'fp1' });
    useStore.getState().closeDialog();
    runShortcut('Enter', useStore.getState(), null);
    expect(useStore.getState().focusArea).toBe('incidents');
    expect(useStore.getState().selectedIncidentId).toBe('inc-1');
    runShortcut('t', useStore.getState(), null);
    expect(useStore.getState().dialog).toEqual({ kind: 'trace-input' });
    expect(runShortcut('x', useStore.getState(), null)).toBe(false);
  });
});
