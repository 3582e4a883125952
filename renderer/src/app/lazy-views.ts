import { lazyView } from '../support/lazy-view';

/**
 * Views that are not needed to draw a dashboard or an opened incident's first panels: each
 * is its own chunk, fetched the first time it opens (support/lazy-view.tsx shows a progress
 * line meanwhile). The self-contained HTML report inlines them back into its one script
 * (vite.report.config.ts).
 */
export const LazyTraceView = lazyView(() => import('../trace/TraceView').then((m) => m.TraceView), { what: 'the trace view', placement: 'overlay' });
export const LazyTraceSearchScreen = lazyView(() => import('../trace/search/TraceSearchScreen').then((m) => m.TraceSearchScreen), { what: 'trace search', placement: 'overlay' });
export const LazyTraceInputDialog = lazyView(() => import('../trace/TraceInputDialog').then((m) => m.TraceInputDialog), { what: 'the open-trace dialog', placement: 'overlay' });
export const LazySettingsView = lazyView(() => import('../settings/SettingsView').then((m) => m.SettingsView), { what: 'settings', placement: 'overlay' });
export const LazyAckDialog = lazyView(() => import('../alerts/AckDialog').then((m) => m.AckDialog), { what: 'the acknowledge dialog', placement: 'overlay' });
export const LazyRollbackDialog = lazyView(() => import('../incidents/RollbackDialog').then((m) => m.RollbackDialog), { what: 'the rollback dialog', placement: 'overlay' });
export const LazyShortcutsDialog = lazyView(() => import('../keyboard/ShortcutsDialog').then((m) => m.ShortcutsDialog), { what: 'the shortcut list', placement: 'overlay' });
export const LazyImportDashboard = lazyView(() => import('../dashboards/ImportDashboard').then((m) => m.ImportDashboard), { what: 'dashboard import', placement: 'overlay' });
export const LazyLayoutEditor = lazyView(() => import('../dashboards/LayoutEditor').then((m) => m.LayoutEditor), { what: 'the layout editor', placement: 'overlay' });
