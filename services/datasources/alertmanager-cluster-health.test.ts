import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeClusterHealth, type MemberView } from './alertmanager-cluster-health';
import { AmStatusSchema } from './alertmanager-schemas';

// Statuses a real Alertmanager 0.25 answered (testdata/alertmanager/cluster/README.md).
const status = (file: string) => AmStatusSchema.parse(JSON.parse(readFileSync(join(__dirname, 'testdata', 'alertmanager', 'cluster', file), 'utf8')));
const ready = status('status-member-1.json');
const gossipOff = status('status-gossip-off.json');
const onePeer = { ...ready, cluster: { ...ready.cluster, peers: ready.cluster.peers.slice(0, 1) } };

const up = (name: string, s = ready, splitReads = 0): MemberView => ({ name, outcome: { ok: true, down: false, at: 1 }, status: s, splitReads });
const refused = 'cannot reach am-2:9093: connection refused (is it running?)';
const down = (name: string): MemberView => ({ name, outcome: { ok: false, down: true, error: refused, at: 1 }, splitReads: 0 });

describe('an Alertmanager source’s account of itself', () => {
  it('a lone Alertmanager: its version and cluster state, no problem', () => {
    expect(describeClusterHealth([up('am:9093', gossipOff)])).toEqual({ detail: 'Alertmanager 0.25.0, no cluster (gossip off)' });
    expect(describeClusterHealth([up('am:9093')])).toEqual({ detail: 'Alertmanager 0.25.0, cluster ready, 2 peers' });
  });

  it('says nothing before any call, and leaves a lone member that does not answer to its error', () => {
    expect(describeClusterHealth([{ name: 'am:9093', splitReads: 0 }])).toEqual({});
    expect(describeClusterHealth([down('am:9093')])).toEqual({});
  });

  it('a healthy cluster: version, state, peers, and that every member answers', () => {
    expect(describeClusterHealth([up('am-1:9093'), up('am-2:9093')])).toEqual({ detail: 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer' });
  });

  it('one member down: degraded, naming it and how many of the members', () => {
    expect(describeClusterHealth([down('am-1:9093'), up('am-2:9093', onePeer)])).toEqual({
      detail: 'Alertmanager 0.25.0, cluster ready, 1 peer; answered by am-2:9093 (1 of 2 members)',
      problem: `am-1:9093 does not answer (1 of 2 members): ${refused}`,
    });
    expect(describeClusterHealth([up('am-1:9093'), down('am-2:9093'), down('am-3:9093')]).problem).toBe(`am-2:9093 and am-3:9093 do not answer (2 of 3 members): ${refused}`);
  });

  it('a member that refuses rather than being down "fails"', () => {
    const refusing: MemberView = { name: 'am-2:9093', outcome: { ok: false, down: false, error: 'Alertmanager (am-2:9093) refused the request: unauthorized', at: 1 }, splitReads: 0 };
    expect(describeClusterHealth([up('am-1:9093'), refusing]).problem).toBe('am-2:9093 fails (1 of 2 members): Alertmanager (am-2:9093) refused the request: unauthorized');
  });

  it('all members down: no detail of a version, the failing calls say why', () => {
    expect(describeClusterHealth([down('am-1:9093'), down('am-2:9093')])).toEqual({ detail: 'none of the 2 members answers' });
  });

  it('members with gossip off are a problem: silences made on one stay there', () => {
    expect(describeClusterHealth([up('am-1:9093', gossipOff), up('am-2:9093', gossipOff)]).problem).toBe(
      'am-1:9093 runs with gossip off (its --cluster.listen-address is empty), so a silence made on it never reaches the other members',
    );
  });

  it('a member cut off from the others is a problem once two status reads in a row show it, not while it joins', () => {
    expect(describeClusterHealth([up('am-1:9093', onePeer, 1), up('am-2:9093')]).problem).toBeUndefined();
    expect(describeClusterHealth([up('am-1:9093', onePeer, 2), up('am-2:9093')]).problem).toMatch(/^am-1:9093 gossips with only 1 of the 2 members that answer, so silences made on one may not reach the others/);
  });
});
