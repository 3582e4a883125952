import { describe, expect, it, vi } from 'vitest';
import { showBootFailure } from './boot-failure';

/** Just enough of the DOM for the boot-failure message (the renderer tests run without a DOM). */
function fakeDocument() {
  const created: Array<Record<string, unknown> & { tag: string; children: unknown[]; listeners: Record<string, () => void>; attributes: Record<string, string> }> = [];
  const doc = {
    createElement: (tag: string) => {
      const el = {
        tag,
        children: [] as unknown[],
        listeners: {} as Record<string, () => void>,
        attributes: {} as Record<string, string>,
        dataset: {} as Record<string, string>,
        textContent: '',
        className: '',
        type: '',
        setAttribute(name: string, value: string) {
          el.attributes[name] = value;
        },
        append(...nodes: unknown[]) {
          el.children.push(...nodes);
        },
        addEventListener(name: string, listener: () => void) {
          el.listeners[name] = listener;
        },
      };
      created.push(el);
      return el;
    },
  };
  return { doc: doc as unknown as Document, created };
}

describe('when the console chunk cannot load', () => {
  it('replaces the page with one sentence and a Reload button that reloads', () => {
    const { doc, created } = fakeDocument();
    const root = { replaceChildren: vi.fn() };
    const reload = vi.fn();
    showBootFailure(root, new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:9/assets/mount-AbCd1234.js'), reload, doc);

    const [box, text, button] = created;
    expect(root.replaceChildren).toHaveBeenCalledWith(box);
    expect(box).toMatchObject({ tag: 'div', className: 'fullscreen-message', attributes: { role: 'alert' }, dataset: { testid: 'boot-failure' }, children: [text, button] });
    expect(text!.textContent).toBe(
      'Could not load the console (Failed to fetch dynamically imported module: http://127.0.0.1:9/assets/mount-AbCd1234.js); the console may have been rebuilt or its server stopped since this page opened — check the host is running, then reload.',
    );
    expect(button).toMatchObject({ tag: 'button', type: 'button', textContent: 'Reload' });
    expect(reload).not.toHaveBeenCalled();
    button!.listeners.click!();
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
