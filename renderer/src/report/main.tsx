import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { openIncidentBytes } from '../incidents/open-anywhere';
import { useStore } from '../store/store';
import { readEmbeddedFile } from './embedded-file';
import { ReportApp } from './ReportApp';
import '../styles.css';

// The report's CSP allows only its own hashed script: no eval, so zod must not try new Function().
z.config({ jitless: true });

/** Boots straight into offline review of the incident file the page carries. */
async function boot(render: (problem?: string) => void): Promise<void> {
  const embedded = readEmbeddedFile(document);
  if (!embedded.ok) return render(embedded.problem);
  render();
  const problem = await openIncidentBytes(useStore.getState().openIncidentFile, embedded.name, embedded.bytes);
  if (problem) render(problem);
}

const element = document.getElementById('root');
if (element) {
  const root = createRoot(element);
  const render = (problem?: string) =>
    root.render(
      <StrictMode>
        <ReportApp problem={problem} />
      </StrictMode>,
    );
  boot(render).catch((error: unknown) => render(`The incident report could not be opened: ${error instanceof Error ? error.message : String(error)}`));
}
