import { z } from 'zod';
import { DashboardSchema, type Dashboard } from '../../shared';
import type { DocumentStore } from '../settings/document-store';
import { SchemaSettingsStore } from '../settings/settings-store';

const SavedSchema = z.object({ dashboard: DashboardSchema, savedAt: z.number() });
export type SavedDashboard = z.infer<typeof SavedSchema>;

/** Per person (the name the console acts as), their dashboards by id. */
const SavedDashboardsSettingsSchema = z.object({
  users: z.record(z.string(), z.array(SavedSchema).max(500)).default({}),
});

/**
 * Each person's saved dashboards, kept in the settings store (validated on every read,
 * written whole and atomically by the DocumentStore beneath it).
 */
export class SavedDashboards {
  private readonly store: SchemaSettingsStore<typeof SavedDashboardsSettingsSchema>;

  constructor(document: DocumentStore, warn?: (message: string) => void) {
    this.store = new SchemaSettingsStore(SavedDashboardsSettingsSchema, document, warn);
  }

  list(user: string): SavedDashboard[] {
    return this.store.read().users[user] ?? [];
  }

  get(user: string, id: string): SavedDashboard | undefined {
    return this.list(user).find((s) => s.dashboard.id === id);
  }

  save(user: string, dashboard: Dashboard, at: number): SavedDashboard {
    const saved = { dashboard, savedAt: at };
    const users = this.store.read().users;
    const mine = (users[user] ?? []).filter((s) => s.dashboard.id !== dashboard.id);
    this.store.update({ users: { ...users, [user]: [...mine, saved] } });
    return saved;
  }

  delete(user: string, id: string): boolean {
    const users = this.store.read().users;
    const mine = users[user] ?? [];
    const kept = mine.filter((s) => s.dashboard.id !== id);
    if (kept.length === mine.length) return false;
    this.store.update({ users: { ...users, [user]: kept } });
    return true;
  }
}
