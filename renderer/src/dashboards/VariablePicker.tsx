import type { Variable } from '../../../shared/model/dashboard';
import { ALL, type VariableState } from '../../../shared/dashboards/variables';
import { useStore } from '../store/store';

/** One template variable as a dropdown of its values (All first where allowed), or a text box. */
export function VariablePicker({ variable, state }: { variable: Variable; state: VariableState | undefined }) {
  const setVariable = useStore((s) => s.setVariable);
  const error = useStore((s) => s.variableErrors[variable.name]);
  const label = variable.label || variable.name;
  const selected = state?.selected ?? variable.current;
  if (variable.type === 'textbox') {
    return (
      <label className="variable" data-testid={`variable-${variable.name}`}>
        <span>{label}</span>
        <input
          defaultValue={selected[0] ?? ''}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void setVariable(variable.name, [e.currentTarget.value]);
          }}
          onBlur={(e) => void setVariable(variable.name, [e.currentTarget.value])}
        />
      </label>
    );
  }
  const options = state?.options ?? variable.options;
  return (
    <label className="variable" data-testid={`variable-${variable.name}`} title={error}>
      <span>{label}</span>
      <select
        multiple={variable.multi}
        size={variable.multi ? Math.min(4, options.length + (variable.includeAll ? 1 : 0)) || 1 : undefined}
        value={variable.multi ? selected : (selected[0] ?? '')}
        onChange={(e) => {
          const values = Array.from(e.target.selectedOptions, (o) => o.value);
          // All and single values do not mix: choosing All after values (or values after All) keeps the newer choice.
          const next = values.includes(ALL) && values.length > 1 ? (selected.includes(ALL) ? values.filter((v) => v !== ALL) : [ALL]) : values;
          void setVariable(variable.name, next);
        }}
      >
        {variable.includeAll && <option value={ALL}>All</option>}
        {options.length === 0 && !variable.includeAll && <option value="">{error ? 'could not load' : 'no values'}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {error && <span className="variable__error" role="alert">!</span>}
    </label>
  );
}
