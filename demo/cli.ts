import { parseArgs } from 'node:util';
import { z } from 'zod';
import { Fleet } from './fleet/fleet';
import { startDemoServer } from './server';

const Args = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(0),
  locks: z.coerce.number().int().min(100).max(1_000_000).default(50_000),
  seed: z.coerce.number().int().default(42),
  incident: z.array(z.string()).default([]),
  'no-schedule': z.boolean().default(false),
  // Three missed beats count offline; the fast stack shortens it as it shortens rate windows.
  'heartbeat-seconds': z.coerce.number().min(1).max(3600).default(30),
  // A fixed demand factor instead of the time-of-day curve, so tests see the same traffic at any hour.
  demand: z.coerce.number().min(0.05).max(10).optional(),
});

/** `npm run demo -- --port 0 --locks 50000 --incident bad-release [--heartbeat-seconds 30] [--demand 1.5]`: the fleet as a local server. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      locks: { type: 'string' },
      seed: { type: 'string' },
      incident: { type: 'string', multiple: true },
      'no-schedule': { type: 'boolean' },
      'heartbeat-seconds': { type: 'string' },
      demand: { type: 'string' },
    },
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error(`demo: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const args = parsed.data;
  const fleet = new Fleet({ locks: args.locks, seed: args.seed, scheduledIncidents: !args['no-schedule'], heartbeatMs: args['heartbeat-seconds'] * 1000, ...(args.demand !== undefined ? { demand: args.demand } : {}) });
  for (const name of args.incident) fleet.triggerIncident(name);
  fleet.start(1000);
  const server = await startDemoServer(fleet, { port: args.port });
  console.log(JSON.stringify({ event: 'listening', url: server.url, locks: args.locks, incidents: args.incident, heartbeatSeconds: args['heartbeat-seconds'] }));
  const shutdown = () => {
    fleet.stop();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
