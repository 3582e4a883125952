import { z } from 'zod';

export const DeploymentsOptionsSchema = z.object({});

/** The deployer's blue/green state per service: no query of its own. */
export const deploymentsKind = { kind: 'deployments', label: 'Blue / green', optionsSchema: DeploymentsOptionsSchema, takesMetricTargets: false } as const;
