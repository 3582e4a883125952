/**
 * The heat-grid columns of the fleet's health by city, shared by the war room's compact grid
 * and the Lock fleet dashboard's full one, so a city is "bad" on both for the same reason.
 * Lines as issue 8 set them: online under 80 % is bad (95 % warns), unlock success under
 * 90 %, a p95 unlock over 3 s, more than a fifth of a city's batteries under 20 %.
 */
export const onlineColumn = { refId: 'A', id: 'online', title: 'Online', unit: 'percent', badWhen: 'below', warn: 0.95, bad: 0.8 } as const;
export const unlockSuccessColumn = { refId: 'B', id: 'unlock-success', title: 'Unlock success', unit: 'percent', badWhen: 'below', warn: 0.97, bad: 0.9 } as const;
export const unlockP95Column = { refId: 'C', id: 'unlock-p95', title: 'Unlock p95', unit: 'seconds', badWhen: 'above', warn: 1.5, bad: 3 } as const;
export const batteryLowColumn = { refId: 'D', id: 'battery-low', title: 'Battery low', unit: 'percent', badWhen: 'above', warn: 0.1, bad: 0.2 } as const;
