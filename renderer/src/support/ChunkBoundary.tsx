import { Component, type ErrorInfo, type ReactNode } from 'react';
import { chunkFailureSentence } from './chunk-failure';

interface Props {
  /** What the chunk holds, in words: "the trace explorer". */
  what: string;
  placement: 'overlay' | 'inline';
  /** Defaults to a page reload: React.lazy keeps a failed import, so only a reload fetches the chunk again. */
  onReload?: () => void;
  children: ReactNode;
}

interface State {
  error?: string;
}

/**
 * Catches a lazily loaded view that failed — its chunk could not be fetched (the server
 * stopped, or a rebuild replaced the files this page names) or it threw while drawing —
 * and says so in one sentence with a Reload button, so the rest of the console stays up.
 */
export class ChunkBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Lazy view "${this.props.what}" failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    const reload = this.props.onReload ?? (() => window.location.reload());
    return (
      <div className={`lazy-view lazy-view--${this.props.placement} lazy-view--error`} role="alert" data-testid="lazy-view-error">
        <span>{chunkFailureSentence(this.props.what, this.state.error)}</span>
        <button type="button" onClick={reload}>
          Reload
        </button>
      </div>
    );
  }
}
