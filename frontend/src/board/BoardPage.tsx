import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { ErrorAlert, Loading } from '../components/ui';
import { useMutation, useQuery } from '../graphql/hooks';
import { appendPage } from '../graphql/pages';
import { useT } from '../i18n';
import { useSession } from '../lib/session';
import { local } from '../lib/storage';
import { CardView } from './CardView';
import { ConflictAlert } from './ConflictAlert';
import { Dialog } from './Dialog';
import { Filters } from './Filters';
import { ItemPanel } from './ItemPanel';
import { MoveForm } from './MoveForm';
import { boardUrl, filterInput, filtersFromQuery, type BoardFilters } from './filters';
import { moveLabel } from './moves';
import {
  AssignMutation,
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
// The end of the road starts folded to a narrow strip, so that the columns still being
// worked on fit the screen (1280 px and up); each person's choice is kept on the device.
const FOLDABLE: ReadonlySet<Status> = new Set(['DECLINED', 'CLOSED']);
const FOLDED_KEY = 'board.folded';

type Columns = Record<Status, Column>;

function foldedAtStart(): Set<Status> {
  const kept = local.get(FOLDED_KEY);
  if (kept === null) return new Set(FOLDABLE);
  return new Set(kept.split(',').filter((s): s is Status => FOLDABLE.has(s as Status)));
}

/** A change the board just made, and the way back (shown until the next one). */
interface Undoable {
  text: string;
  undo: () => Promise<void>;
}

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
  const [folded, setFolded] = useState<Set<Status>>(foldedAtStart);
  const [undoable, setUndoable] = useState<Undoable | null>(null);
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

  // Announcements fade after a while (screen readers have read them by then); an undo
  // stays a little longer.
  useEffect(() => {
    if (!announcement) return;
    const timer = setTimeout(() => setAnnouncement(''), 6000);
    return () => clearTimeout(timer);
  }, [announcement]);
  useEffect(() => {
    if (!undoable) return;
    const timer = setTimeout(() => setUndoable(null), 12000);
    return () => clearTimeout(timer);
  }, [undoable]);

  function toggleFolded(status: Status) {
    const next = new Set(folded);
    if (next.has(status)) next.delete(status);
    else next.add(status);
    setFolded(next);
    local.set(FOLDED_KEY, [...next].join(','));
  }

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

  /** One click: the card is the viewer's, with an undo that gives it back. */
  async function assignToMe(card: Card) {
    moves.reset();
    setUndoable(null);
    const before = card.assignee?.id ?? null;
    const answer = await moves.mutate(AssignMutation, {
      id: card.id,
      assigneeId: meId,
      expectedVersion: card.version,
    });
    if (!answer) return;
    const mine = answer.assignItem;
    changed(mine);
    setAnnouncement('');
    setUndoable({
      text: t('board.assignedToYou', { title: card.title }),
      undo: async () => {
        setUndoable(null);
        const back = await moves.mutate(AssignMutation, {
          id: mine.id,
          assigneeId: before,
          expectedVersion: mine.version,
        });
        if (!back) return;
        changed(back.assignItem);
        setAnnouncement(t('board.undone'));
      },
    });
  }

  async function move(card: Card, to: Status, { keyboard = false } = {}) {
    moves.reset();
    setUndoable(null);
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
      <p class="hint board-hint">{t('board.dragHint')}</p>
      <p class="toast" role="status" aria-live="polite">
        {announcement}
      </p>
      {undoable && (
        <div class="toast toast-undo" role="status">
          <span>{undoable.text}</span>
          <button type="button" class="button button-small" onClick={() => void undoable.undo()}>
            {t('panel.undo')}
          </button>
        </div>
      )}
      {moves.error && <ConflictAlert error={moves.error} onReload={() => void board.reload()} />}
      {error && <ErrorAlert error={error} onRetry={() => void board.reload()} />}
      {!columns && loading && <Loading />}
      {columns && (
        <div class={loading ? 'board is-loading' : 'board'} aria-busy={loading}>
          {STATUSES.map((status) => {
            const column = columns[status];
            const isFolded = folded.has(status);
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
                  isFolded ? 'is-folded' : '',
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
                  {FOLDABLE.has(status) ? (
                    <button
                      type="button"
                      class="column-fold"
                      aria-expanded={!isFolded}
                      aria-controls={`cards-${status}`}
                      title={isFolded ? t('board.unfold') : t('board.fold')}
                      onClick={() => toggleFolded(status)}
                    >
                      <span class="column-name">{t(`status.${status}`)}</span>
                      <Count column={column} />
                    </button>
                  ) : (
                    <>
                      <span class="column-name">{t(`status.${status}`)}</span>
                      <Count column={column} />
                    </>
                  )}
                </h2>
                <div class="column-body" id={`cards-${status}`} hidden={isFolded}>
                {isFolded ? null : column.edges.length === 0 ? (
                  <p class="column-empty">{t('board.columnEmpty')}</p>
                ) : (
                  <ol class="cards">
                    {column.edges.map(({ node }) => (
                      <li key={node.id}>
                        <CardView
                          card={node}
                          href={itemHref(node.id)}
                          onMove={(card, to) => void move(card, to, { keyboard: true })}
                          onAssignToMe={
                            node.assignee === null && meId
                              ? (card) => void assignToMe(card)
                              : undefined
                          }
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
                {!isFolded && column.pageInfo.hasNextPage && (
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
                </div>
              </section>
            );
          })}
        </div>
      )}
      {asking && (
        <Dialog
          label={moveLabel(t, asking.to)}
          onClose={() => setAsking(null)}
        >
          <h2>{moveLabel(t, asking.to)}</h2>
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

function Count({ column }: { column: Column }) {
  const { t } = useT();
  return (
    <span class="count">
      {column.totalCountIsExact ? column.totalCount : t('board.atLeast', { count: column.totalCount })}
    </span>
  );
}
