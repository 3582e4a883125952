import type { Dashboard } from '../../shared';
import { lockFleetDashboard } from './lock-fleet';
import { paymentsDashboard } from './payments';
import { serviceHealthDashboard } from './service-health';
import { unlockFunnelDashboard } from './unlock-funnel';
import { warRoomDashboard } from './war-room';

/** The dashboards shipped with Lockstep, in the order the picker lists them; the war room first, as the one a session opens on. */
export const BUILT_IN_DASHBOARDS: readonly Dashboard[] = [warRoomDashboard, lockFleetDashboard, unlockFunnelDashboard, serviceHealthDashboard, paymentsDashboard];
