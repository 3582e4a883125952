export * from './policy';
export * from './schedule';
export * from './compile';
export * from './manual';
export * from './default-policy';
export * from './summary';
