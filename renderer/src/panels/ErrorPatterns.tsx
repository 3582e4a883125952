import type { ErrorGroup } from '../../../shared/logs/error-groups';
import { SafeText } from '../support/SafeText';
import { useTimeFormat } from '../support/use-time-format';

export interface ErrorPatternsProps {
  groups: readonly ErrorGroup[];
  includeWarn: boolean;
  onIncludeWarn(on: boolean): void;
  /** Shows the lines of one pattern in the list. */
  onShowLines(pattern: string): void;
  newMinutes: number;
}

/**
 * Error lines grouped by what they say once ids and numbers are taken out: how often each
 * kind happened, first and last seen, newest activity first, and a NEW badge on a kind
 * that first appeared in the last few minutes of a window that also holds older lines.
 */
export function ErrorPatterns({ groups, includeWarn, onIncludeWarn, onShowLines, newMinutes }: ErrorPatternsProps) {
  const time = useTimeFormat();
  return (
    <div className="error-patterns" data-testid="error-patterns">
      <label className="error-patterns__warn">
        <input type="checkbox" checked={includeWarn} onChange={(e) => onIncludeWarn(e.target.checked)} data-testid="error-patterns-warn" /> include warnings
      </label>
      {groups.length === 0 ? (
        <p className="tail-notice" role="status" data-testid="error-patterns-empty">
          No {includeWarn ? 'error or warning' : 'error'} lines among the lines shown.
        </p>
      ) : (
        <table className="error-patterns__table">
          <thead>
            <tr>
              <th scope="col">pattern</th>
              <th scope="col">count</th>
              <th scope="col">services</th>
              <th scope="col">first seen</th>
              <th scope="col">last seen</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.pattern} className={`error-pattern error-pattern--${g.level}`} data-testid="error-pattern" data-new={g.isNew}>
                <td className="error-pattern__text">
                  {g.isNew && (
                    <span className="badge badge--new" title={`First seen in the last ${newMinutes} minutes`} data-testid="error-pattern-new">
                      NEW
                    </span>
                  )}
                  <button type="button" className="link-button" onClick={() => onShowLines(g.pattern)} title={`Show these lines. Newest: ${g.example.message.slice(0, 300)}`} data-testid="error-pattern-show">
                    <SafeText text={g.pattern} />
                  </button>
                </td>
                <td className="error-pattern__count" data-testid="error-pattern-count">
                  {g.count.toLocaleString('en')}
                </td>
                <td className="error-pattern__services" title={g.services.join(', ')}>
                  <SafeText text={g.services.join(', ')} />
                </td>
                <td>{time.instant(g.firstSeen)}</td>
                <td>{time.instant(g.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
