import { describe, expect, it } from 'vitest';
import { rememberConfigPath } from './remember-config';
import { DEFAULT_SETTINGS, SettingsStore, type RawStore } from './settings';

function memoryStore(initial: Record<string, unknown> = {}): RawStore & { writes: number } {
  let data = structuredClone(initial);
  const box = {
    writes: 0,
    get store() {
      return structuredClone(data);
    },
    set store(value: Record<string, unknown>) {
      box.writes += 1;
      data = structuredClone(value);
    },
  };
  return box;
}

describe('rememberConfigPath', () => {
  it('saves the LOCKSTEP_CONFIG path, made absolute, for launches without it', () => {
    const raw = memoryStore();
    const logs: string[] = [];
    const settings = new SettingsStore(raw);
    expect(rememberConfigPath(settings, { LOCKSTEP_CONFIG: ' configs/fleet.json ' }, (m) => logs.push(m), '/home/oncall')).toBe('/home/oncall/configs/fleet.json');
    expect(settings.read()).toEqual({ ...DEFAULT_SETTINGS, configPath: '/home/oncall/configs/fleet.json' });
    expect(logs).toEqual(['Remembered /home/oncall/configs/fleet.json: the next launch opens it without LOCKSTEP_CONFIG.']);
  });

  it('writes nothing without LOCKSTEP_CONFIG, or when that path is already saved', () => {
    const raw = memoryStore({ configPath: '/etc/lockstep.json', startFullScreen: true });
    const settings = new SettingsStore(raw);
    expect(rememberConfigPath(settings, {}, () => {})).toBeUndefined();
    expect(rememberConfigPath(settings, { LOCKSTEP_CONFIG: '/etc/lockstep.json' }, () => {})).toBeUndefined();
    expect(raw.writes).toBe(0);
    expect(settings.read().startFullScreen).toBe(true);
  });

  it('logs, and does not throw, when the settings cannot be written', () => {
    const raw: RawStore = {
      get store() {
        return {};
      },
      set store(_value) {
        throw new Error('EACCES: permission denied');
      },
    };
    const logs: string[] = [];
    expect(rememberConfigPath(new SettingsStore(raw), { LOCKSTEP_CONFIG: '/x.json' }, (m) => logs.push(m))).toBeUndefined();
    expect(logs).toEqual(['Could not remember the config /x.json: EACCES: permission denied']);
  });
});
