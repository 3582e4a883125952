/** One normaliser per log wire format, all into shared/model/logs.ts's LogLine. */
export * from './elasticsearch';
export * from './elasticsearch-schemas';
export * from './levels';
export * from './loki';
export * from './loki-schemas';
