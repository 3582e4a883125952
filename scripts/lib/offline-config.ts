import type { LockstepConfig } from '../../services/config/sources';

/**
 * `npm run open`'s console: no sources at all, so nothing is polled and nothing leaves the
 * machine. Built here, not parsed from a file: a person's config needs at least one source
 * (LockstepConfigSchema), which is right for a live console and wrong for this one.
 */
export const OFFLINE_CONFIG: LockstepConfig = { mode: 'custom', sources: [], alertPollSeconds: 1 };
