import { memo, useEffect, useState } from 'react';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { incidentFileSizeProblem } from './incident-file-limit';
import { openIncidentBytes } from './open-anywhere';

/** Only a drag that carries files: dragging text or a link across the window is not an open. */
const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/**
 * Drop an incident file (or an HTML report) anywhere on the window to review it offline.
 * Dragging anything else is left to the page; the file is checked for size before a
 * byte is read, and whatever goes wrong is one toast.
 */
export const IncidentFileDrop = memo(function IncidentFileDrop() {
  const [over, setOver] = useState(false);

  useEffect(() => {
    let depth = 0;
    const fail = (body: string) => useStore.getState().pushToast({ id: 'incident-file-drop', title: 'Incident file not opened', body, severity: 'warning' });
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setOver(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser would navigate to the dropped file, leaving the console.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      const tooLarge = incidentFileSizeProblem(file.name, file.size);
      if (tooLarge) return fail(tooLarge);
      void file
        .arrayBuffer()
        .then((buffer) => openIncidentBytes(useStore.getState().openIncidentFile, file.name, new Uint8Array(buffer)))
        .then((problem) => problem && fail(problem))
        .catch((error: unknown) => fail(`Could not read ${file.name}: ${errorText(error)}`));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (!over) return null;
  return (
    <div className="file-drop" role="status" data-testid="file-drop">
      Drop an incident file (.lockstep.json or an HTML report) to review it offline
    </div>
  );
});
