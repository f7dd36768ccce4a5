import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { moveLabel } from './moves';
import type { Card, Status } from './queries';

/**
 * The keyboard (and touch) way to move a card: a disclosure button that lists the
 * statuses the item may go to. Escape closes it and gives the focus back.
 */
export function MoveMenu({ card, onMove }: { card: Card; onMove: (to: Status) => void }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const menuId = `move-${card.id}`;

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector('button')?.focus();
    const onDocument = (event: MouseEvent) => {
      if (!list.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDocument);
    return () => document.removeEventListener('mousedown', onDocument);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      setOpen(false);
      toggle.current?.focus();
    }
  }

  return (
    <div class="move-menu" onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        class="button button-small"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('board.moveLabel', { title: card.title })}
        onClick={() => setOpen(!open)}
      >
        {t('board.move')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul id={menuId} ref={list} class="move-options">
          {card.allowedTransitions.length === 0 && <li class="muted">{t('board.noMoves')}</li>}
          {card.allowedTransitions.map((status) => (
            <li key={status}>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  toggle.current?.focus();
                  onMove(status);
                }}
              >
                {moveLabel(t, status)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
