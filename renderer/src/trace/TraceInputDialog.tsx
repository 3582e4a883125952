import { useState } from 'react';
import { TraceRequestSchema } from '../../../shared/model/traces';
import { useStore } from '../store/store';
import { Modal } from '../dialogs/Modal';

/** "t": type or paste a trace id. */
export function TraceInputDialog() {
  const closeDialog = useStore((s) => s.closeDialog);
  const openTrace = useStore((s) => s.openTrace);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = TraceRequestSchema.safeParse({ traceId: value.trim() });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'That is not a trace id.');
      return;
    }
    void openTrace(parsed.data.traceId);
  };

  return (
    <Modal title="Open trace" onClose={closeDialog} testId="trace-input-dialog">
      <form onSubmit={submit} className="form">
        <label>
          Trace id
          <input value={value} onChange={(e) => setValue(e.target.value)} className="mono" placeholder="e.g. 4bf92f3577b34da6a3ce929d0e0e4736" data-autofocus data-testid="trace-id-input" />
        </label>
        {error && (
          <p className="form__error" role="alert">
            {error}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="btn btn--ghost" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" data-testid="trace-id-submit">
            Open
          </button>
        </div>
      </form>
    </Modal>
  );
}
