import type { Series } from '../../../shared/model/series';
import { SafeText } from '../support/SafeText';

/** A metric query's answer in a logs panel: each series' latest count, said to be counts, not lines. */
export function LogCounts({ series }: { series: readonly Series[] }) {
  return (
    <div className="log-counts" data-testid="log-counts">
      <p className="tail-notice" role="status">
        This is a metric query: it counts lines rather than listing them, so each series shows its latest value.
      </p>
      <table className="log-counts__table">
        <thead>
          <tr>
            <th scope="col">series</th>
            <th scope="col">latest</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s, i) => {
            const last = [...s.values].reverse().find((v) => v !== null);
            return (
              <tr key={`${s.name}-${i}`}>
                <td>
                  <SafeText text={s.name} />
                </td>
                <td className="log-counts__value">{last === undefined || last === null ? '–' : Number(last.toFixed(3)).toLocaleString('en')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
