import { chunkFailureSentence } from '../support/chunk-failure';

/**
 * When the console's own chunk cannot load there is no React to draw with: the sentence and
 * a Reload button go into the page with plain DOM calls (text only, never HTML).
 */
export function showBootFailure(
  root: Pick<HTMLElement, 'replaceChildren'>,
  error: unknown,
  reload: () => void = () => window.location.reload(),
  doc: Pick<Document, 'createElement'> = document,
): void {
  const reason = error instanceof Error ? error.message : String(error);
  const box = doc.createElement('div');
  box.className = 'fullscreen-message';
  box.setAttribute('role', 'alert');
  box.dataset.testid = 'boot-failure';
  const text = doc.createElement('p');
  text.textContent = chunkFailureSentence('the console', reason);
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload';
  button.addEventListener('click', reload);
  box.append(text, button);
  root.replaceChildren(box);
}
