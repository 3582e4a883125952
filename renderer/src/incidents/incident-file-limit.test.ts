import { describe, expect, it } from 'vitest';
import { MAX_INCIDENT_FILE_BYTES, incidentFileSizeProblem } from './incident-file-limit';

describe('incidentFileSizeProblem', () => {
  it('refuses a 200 MB file with a sentence that names the file, its size and the limit', () => {
    expect(incidentFileSizeProblem('incident-2024.lockstep.json', 200 * 1_000_000)).toBe(
      'incident-2024.lockstep.json is 200 MB; Lockstep opens incident files up to 100 MB, so it was not opened. ' +
        'Lockstep’s own exports are a few MB: check that this is an incident export, not a log archive or a database dump.',
    );
  });

  it('opens files up to and including the limit', () => {
    expect(incidentFileSizeProblem('a.json', 0)).toBeUndefined();
    expect(incidentFileSizeProblem('a.json', 3_500_000)).toBeUndefined();
    expect(incidentFileSizeProblem('a.json', MAX_INCIDENT_FILE_BYTES)).toBeUndefined();
  });

  it('never shows a file just over the limit as the same size as the limit', () => {
    expect(incidentFileSizeProblem('a.json', MAX_INCIDENT_FILE_BYTES + 1)).toMatch(/^a\.json is 101 MB; Lockstep opens incident files up to 100 MB/);
  });

  it('takes another limit when given one', () => {
    expect(incidentFileSizeProblem('b.json', 5_300_000, 5_000_000)).toMatch(/is 6 MB; .* up to 5 MB/);
  });

  it('is 100 MB, the limit the sentence states', () => {
    expect(MAX_INCIDENT_FILE_BYTES).toBe(100_000_000);
  });
});
