/**
 * The heat-grid columns of the fleet's health by city, shared by the war room's compact grid
 * and the Lock fleet dashboard's full one, so a city is "bad" on both for the same reason.
 * Online under 80 % is bad (95 % warns), as the CityLocksOffline alert; unlock success
 * under 90 %, as UnlockSuccessLow. Per channel the line is lower (75 %, warn 90 %): a city's
 * one channel sees a few dozen unlocks a minute, so one lost unlock moves it by points, and
 * a gateway cut takes its GPRS share to nothing. Unlock p95 is slow by nature (a GPRS round
 * trip to the lock: 3–5 s on the demo fleet), so it warns past 7 s and is bad past 10 s.
 */
export const onlineColumn = { refId: 'A', id: 'online', title: 'Online', unit: 'percent', badWhen: 'below', warn: 0.95, bad: 0.8 } as const;
export const unlockSuccessColumn = { refId: 'B', id: 'unlock-success', title: 'Unlock success', unit: 'percent', badWhen: 'below', warn: 0.95, bad: 0.9 } as const;
export const unlockP95Column = { refId: 'C', id: 'unlock-p95', title: 'Unlock p95', unit: 'seconds', badWhen: 'above', warn: 7, bad: 10 } as const;
export const batteryLowColumn = { refId: 'D', id: 'battery-low', title: 'Battery low', unit: 'percent', badWhen: 'above', warn: 0.1, bad: 0.2 } as const;
export const gprsUnlockColumn = { refId: 'E', id: 'unlock-gprs', title: 'GPRS', unit: 'percent', badWhen: 'below', warn: 0.9, bad: 0.75 } as const;
export const bluetoothUnlockColumn = { refId: 'F', id: 'unlock-bluetooth', title: 'Bluetooth', unit: 'percent', badWhen: 'below', warn: 0.9, bad: 0.75 } as const;
/** A service's share of 5xx answers: bad at the ServiceErrorRateHigh alert's 5 %. */
export const serviceErrorsColumn = { refId: 'A', id: 'errors', title: 'Errors', unit: 'percent', badWhen: 'above', warn: 0.04, bad: 0.05 } as const;
