import { type ReactNode, useEffect, useRef } from 'react';
import { visibleText } from '../../../shared/text/visible-text';
import { SafeText } from '../support/SafeText';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  /** May hold outside text (a service name): shown with bidi controls made visible. */
  title: string;
  onClose(): void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
  /** An extra class for a dialog of its own size (Settings). */
  className?: string;
}

/**
 * A dialog that keeps keyboard focus inside itself (Tab wraps), closes on Esc, and hands
 * focus back to whatever had it before, so keyboard users never get lost behind it.
 */
export function Modal({ title, onClose, children, testId, wide, className }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>('[data-autofocus]') ?? el?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    // Esc must close the dialog even after the control that had focus went away (a
    // submit button replaced by its result leaves focus on <body>).
    const onDocumentKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !el?.contains(document.activeElement)) close.current();
    };
    document.addEventListener('keydown', onDocumentKey);
    return () => {
      document.removeEventListener('keydown', onDocumentKey);
      previous?.focus?.();
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close.current()}>
      <div
        ref={ref}
        className={`modal${wide ? ' modal--wide' : ''}${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={visibleText(title)}
        data-testid={testId}
        onKeyDown={onKeyDown}
      >
        <header className="modal__head">
          <h2>
            <SafeText text={title} />
          </h2>
          <button type="button" className="btn btn--ghost" onClick={() => close.current()} aria-label="Close" data-testid="dialog-close">
            ✕
          </button>
        </header>
        <div className="modal__body">{children}</div>
      </div>
    </div>
  );
}
