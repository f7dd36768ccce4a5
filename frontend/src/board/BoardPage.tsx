import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { ErrorAlert, Loading } from '../components/ui';
import { useMutation, useQuery } from '../graphql/hooks';
import { appendPage } from '../graphql/pages';
import { useT } from '../i18n';
import { useSession } from '../lib/session';
import { CardView } from './CardView';
import { ConflictAlert } from './ConflictAlert';
import { Dialog } from './Dialog';
import { Filters } from './Filters';
import { ItemPanel } from './ItemPanel';
import { MoveForm } from './MoveForm';
import { boardUrl, filterInput, filtersFromQuery, type BoardFilters } from './filters';
import {
  BoardColumnQuery,
  BoardColumnsQuery,
  NEEDS_MESSAGE,
  STATUSES,
  TransitionMutation,
  type Card,
  type Column,
  type PanelItem,
  type Status,
} from './queries';

const PAGE = 20;

type Columns = Record<Status, Column>;

/** Put the changed item where it now belongs: out of its old column, on top of its new one. */
function place(columns: Columns, item: Card): Columns {
  const next = { ...columns };
  for (const status of STATUSES) {
    const column = next[status];
    const at = column.edges.findIndex((edge) => edge.node.id === item.id);
    if (at >= 0) {
      if (status === item.status) {
        const edges = [...column.edges];
        edges[at] = { node: item };
        next[status] = { ...column, edges };
        return next;
      }
      next[status] = {
        ...column,
        totalCount: column.totalCount - 1,
        edges: column.edges.filter((edge) => edge.node.id !== item.id),
      };
    }
  }
  const target = next[item.status];
  next[item.status] = {
    ...target,
    totalCount: target.totalCount + 1,
    edges: [{ node: item }, ...target.edges],
  };
  return next;
}

export default function BoardPage() {
  const { t } = useT();
  const { me } = useSession();
  const { query, route } = useLocation();
  const filters = useMemo(() => filtersFromQuery(query), [query]);
  const openItem = query['item'] ?? null;
  const meId = me?.id ?? '';

  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<Card | null>(null);
  const [over, setOver] = useState<Status | null>(null);
  const [asking, setAsking] = useState<{ card: Card; to: Status; keyboard: boolean } | null>(
    null,
  );
  const [more, setMore] = useState<Status | null>(null);
  // A card moved with the keyboard lands in another column: its move button keeps the focus.
  const [refocus, setRefocus] = useState<string | null>(null);
  const moves = useMutation();

  // The filters are the question: a change asks again, and an answer to older filters
  // that arrives late is dropped (useQuery's stale-answer guard). The board on screen
  // stays, dimmed, until the new one is there.
  const board = useQuery(
    BoardColumnsQuery,
    {
      sort: filters.sort,
      first: PAGE,
      new: filterInput(filters, meId, 'NEW'),
      acknowledged: filterInput(filters, meId, 'ACKNOWLEDGED'),
      inProgress: filterInput(filters, meId, 'IN_PROGRESS'),
      waitingForInfo: filterInput(filters, meId, 'WAITING_FOR_INFO'),
      resolved: filterInput(filters, meId, 'RESOLVED'),
      declined: filterInput(filters, meId, 'DECLINED'),
      closed: filterInput(filters, meId, 'CLOSED'),
    },
    { keep: true, onAnswer: () => moves.reset() },
  );
  const { data: columns, loading, error } = board;

  useEffect(() => {
    if (!refocus || !columns || asking) return;
    const button = document.querySelector<HTMLElement>(
      `[data-item-id="${refocus}"] .move-menu > button`,
    );
    if (button) {
      button.focus();
      setRefocus(null);
    }
  }, [columns, refocus, asking]);

  // Announcements fade after a while (screen readers have read them by then).
  useEffect(() => {
    if (!announcement) return;
    const timer = setTimeout(() => setAnnouncement(''), 6000);
    return () => clearTimeout(timer);
  }, [announcement]);

  async function loadMore(status: Status) {
    if (!columns) return;
    setMore(status);
    await board.fetchMore(
      BoardColumnQuery,
      {
        filter: filterInput(filters, meId, status),
        sort: filters.sort,
        first: PAGE,
        after: columns[status].pageInfo.endCursor ?? null,
      },
      (shown, page) => ({ ...shown, [status]: appendPage(shown[status], page.board) }),
    );
    setMore(null);
  }

  function changed(item: Card) {
    board.setData((current) => place(current, item));
  }

  function moved(item: PanelItem) {
    changed(item);
    setAnnouncement(t('board.moved', { title: item.title, status: t(`status.${item.status}`) }));
  }

  async function move(card: Card, to: Status, { keyboard = false } = {}) {
    moves.reset();
    if (!card.allowedTransitions.includes(to)) {
      setAnnouncement(t('board.dropNotAllowed', { status: t(`status.${to}`) }));
      return;
    }
    if (NEEDS_MESSAGE.has(to)) {
      setAsking({ card, to, keyboard });
      return;
    }
    const answer = await moves.mutate(TransitionMutation, {
      id: card.id,
      to,
      expectedVersion: card.version,
    });
    if (!answer) return;
    moved(answer.transitionItem);
    if (keyboard) setRefocus(card.id);
  }

  const setFilters = (next: BoardFilters) => route(boardUrl(next, openItem), true);
  const itemHref = (id: string) => boardUrl(filters, id);

  return (
    <Page title={t('board.title')} wide>
      <Filters filters={filters} onChange={setFilters} />
      <p class="hint">{t('board.dragHint')}</p>
      <p class="toast" role="status" aria-live="polite">
        {announcement}
      </p>
      {moves.error && <ConflictAlert error={moves.error} onReload={() => void board.reload()} />}
      {error && <ErrorAlert error={error} onRetry={() => void board.reload()} />}
      {!columns && loading && <Loading />}
      {columns && (
        <div class={loading ? 'board is-loading' : 'board'} aria-busy={loading}>
          {STATUSES.map((status) => {
            const column = columns[status];
            const allowed = dragging ? dragging.allowedTransitions.includes(status) : false;
            const headingId = `column-${status}`;
            return (
              <section
                key={status}
                class={[
                  'column',
                  `column-${status.toLowerCase()}`,
                  dragging && allowed ? 'can-drop' : '',
                  dragging && !allowed && dragging.status !== status ? 'no-drop' : '',
                  over === status && allowed ? 'drop-over' : '',
                ].join(' ')}
                aria-labelledby={headingId}
                data-status={status}
                onDragOver={(event) => {
                  if (!dragging || !allowed) return;
                  event.preventDefault();
                  if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
                  setOver(status);
                }}
                onDragLeave={() => setOver((current) => (current === status ? null : current))}
                onDrop={(event) => {
                  event.preventDefault();
                  const card = dragging;
                  setDragging(null);
                  setOver(null);
                  if (card && card.status !== status) void move(card, status);
                }}
              >
                <h2 id={headingId} class="column-title">
                  {t(`status.${status}`)}
                  <span class="count">
                    {column.totalCountIsExact
                      ? column.totalCount
                      : t('board.atLeast', { count: column.totalCount })}
                  </span>
                </h2>
                {column.edges.length === 0 ? (
                  <p class="column-empty">{t('board.columnEmpty')}</p>
                ) : (
                  <ol class="cards">
                    {column.edges.map(({ node }) => (
                      <li key={node.id}>
                        <CardView
                          card={node}
                          href={itemHref(node.id)}
                          onMove={(card, to) => void move(card, to, { keyboard: true })}
                          onDragStart={setDragging}
                          onDragEnd={() => {
                            setDragging(null);
                            setOver(null);
                          }}
                        />
                      </li>
                    ))}
                  </ol>
                )}
                {column.pageInfo.hasNextPage && (
                  <button
                    type="button"
                    class="button button-small button-block"
                    disabled={more === status}
                    onClick={() => void loadMore(status)}
                  >
                    {more === status
                      ? t('common.loading')
                      : column.totalCountIsExact
                        ? t('board.showMore', { count: column.totalCount - column.edges.length })
                        : t('board.showMoreOfMany')}
                  </button>
                )}
              </section>
            );
          })}
        </div>
      )}
      {asking && (
        <Dialog
          label={t('moveDialog.title', { status: t(`status.${asking.to}`) })}
          onClose={() => setAsking(null)}
        >
          <h2>{t('moveDialog.title', { status: t(`status.${asking.to}`) })}</h2>
          <p class="muted">{asking.card.title}</p>
          <MoveForm
            item={asking.card}
            to={asking.to}
            onDone={(item) => {
              if (asking.keyboard) setRefocus(item.id);
              setAsking(null);
              moved(item);
            }}
            onCancel={() => setAsking(null)}
            onReload={() => {
              setAsking(null);
              void board.reload();
            }}
          />
        </Dialog>
      )}
      {openItem && (
        <ItemPanel
          key={openItem}
          itemId={openItem}
          onClose={() => route(boardUrl(filters), true)}
          onChanged={changed}
        />
      )}
    </Page>
  );
}
