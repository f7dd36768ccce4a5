import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useMutation, useQuery } from '../graphql/hooks';
import { useT } from '../i18n';
import { formatDateTime } from '../lib/format';
import { BellIcon } from './icons';

const MenuQuery = graphql(`
  query NotificationsMenu {
    notifications(first: 20) {
      unreadCount
      entries { id itemId reference title template status actorName createdAt read }
    }
  }
`);
const MarkRead = graphql(`
  mutation MarkNotificationsRead($id: ID, $itemId: ID) { markNotificationsRead(id: $id, itemId: $itemId) }
`);

type Entry = ResultOf<typeof MenuQuery>['notifications']['entries'][number];

/** The bell in the top bar: what is new for me, with the unread count; opening an
 * entry marks it read and goes to its item. Asked again on every page change. */
export function NotificationsMenu() {
  const { t, lang } = useT();
  const { path, route } = useLocation();
  const [open, setOpen] = useState(false);
  const menu = useQuery(MenuQuery, {});
  const { mutate, busy } = useMutation();
  const panel = useRef<HTMLDivElement>(null);
  const unread = menu.data?.notifications.unreadCount ?? 0;

  useEffect(() => {
    setOpen(false);
    void menu.reload();
  }, [path]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [open]);

  function read(unreadCount: number, entries: (current: Entry[]) => Entry[]) {
    menu.setData((current) => ({
      notifications: { unreadCount, entries: entries(current.notifications.entries) },
    }));
  }

  async function openEntry(entry: Entry) {
    if (!entry.read) {
      const answer = await mutate(MarkRead, { id: entry.id, itemId: null });
      if (answer) {
        read(answer.markNotificationsRead, (all) =>
          all.map((e) => (e.id === entry.id ? { ...e, read: true } : e)),
        );
      }
    }
    setOpen(false);
    if (entry.itemId) route(`/items/${entry.itemId}`);
  }

  async function markAll() {
    const answer = await mutate(MarkRead, { id: null, itemId: null });
    if (answer) read(answer.markNotificationsRead, (all) => all.map((e) => ({ ...e, read: true })));
  }

  const entries = menu.data?.notifications.entries ?? [];
  return (
    <div class="notifications">
      <button
        type="button"
        class="link-button notifications-button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        aria-label={t('notifications.open', { count: unread })}
        onClick={() => {
          if (!open) void menu.reload();
          setOpen(!open);
        }}
      >
        <BellIcon />
        {unread > 0 && (
          <span class="notifications-count" data-testid="unread-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div id="notifications-panel" class="notifications-panel" ref={panel}>
          <div class="notifications-head">
            <h2>{t('notifications.title')}</h2>
            {unread > 0 && (
              <button type="button" class="link-button" disabled={busy} onClick={() => void markAll()}>
                {t('notifications.markAll')}
              </button>
            )}
          </div>
          {entries.length === 0 ? (
            <p class="muted">{t('notifications.none')}</p>
          ) : (
            <ul class="notifications-list">
              {entries.map((entry) => (
                <li key={entry.id} class={entry.read ? 'read' : 'unread'}>
                  <a
                    href={entry.itemId ? `/items/${entry.itemId}` : '/'}
                    onClick={(event) => {
                      event.preventDefault();
                      void openEntry(entry);
                    }}
                  >
                    <span class="notifications-what">
                      {!entry.read && <span class="notifications-dot" title={t('notifications.unread')} />}
                      {t(`notifications.template.${entry.template}`)}
                      {entry.actorName && ` · ${entry.actorName}`}
                    </span>
                    <span class="notifications-item">
                      {entry.reference} {entry.title}
                    </span>
                    <span class="notifications-when">{formatDateTime(lang, entry.createdAt)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <p class="notifications-foot">
            <a href="/settings">{t('notifications.settings')}</a>
          </p>
        </div>
      )}
    </div>
  );
}
