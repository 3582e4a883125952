import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { Panel } from '../../../shared/model/dashboard';
import { PanelFrame, PanelMessage } from './PanelFrame';

interface State {
  error?: string;
}

/** One panel's bug must not blank the war room: that panel says so, the rest keep going. */
export class PanelBoundary extends Component<{ panel: Panel; children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Panel ${this.props.panel.id} failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <PanelFrame panel={this.props.panel}>
        <PanelMessage kind="error" text={`This panel failed to draw: ${this.state.error}`} onRetry={() => this.setState({ error: undefined })} retryOffline />
      </PanelFrame>
    );
  }
}
