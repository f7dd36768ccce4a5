import { useEffect, useRef, useState } from 'preact/hooks';
import { Timeline } from '../components/Timeline';
import { SelectField, TextField } from '../components/fields';
import { ErrorAlert, KindLabel, Loading, Notice, StatusBadge, TargetBadge } from '../components/ui';
import { useMutation, useQuery } from '../graphql/hooks';
import { categoryName, useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { checkText } from '../lib/errors';
import { MESSAGE_MAX, useSubmit } from '../lib/forms';
import { formatDateTime } from '../lib/format';
import { useSession } from '../lib/session';
import { ConflictAlert } from './ConflictAlert';
import { Dialog } from './Dialog';
import { MoveForm } from './MoveForm';
import { moveLabel } from './moves';
import { ConcernClocks, TriageAid } from './TriageAid';
import {
  AssignMutation,
  DuplicatesQuery,
  MergeMutation,
  MessageMutation,
  NEEDS_MESSAGE,
  PRIORITIES,
  PanelQuery,
  PriorityMutation,
  TransitionMutation,
  type PanelItem,
  type Priority,
  type Status,
  type Visibility,
} from './queries';

/** A change just made, and the way back: the notice offers "Undo" until the next change. */
interface Undoable {
  text: string;
  undo: () => Promise<boolean>;
}

/** The item panel: everything about one item, and every way to move it on. Assignee and
 * priority apply as soon as they are chosen, with an undo. */
export function ItemPanel({
  itemId,
  onClose,
  onChanged,
}: {
  itemId: string;
  onClose: () => void;
  onChanged: (item: PanelItem) => void;
}) {
  const { t } = useT();
  const { me } = useSession();
  const { data, error, loading, reload, setData } = useQuery(PanelQuery, { id: itemId });
  const item = data?.item ?? null;
  // The item as it is now, for an undo offered while an older version was on screen.
  const latest = useRef(item);
  latest.current = item;
  const { mutate, busy, error: problem, reset } = useMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const [undoable, setUndoable] = useState<Undoable | null>(null);
  const [moving, setMoving] = useState<Status | null>(null);

  function changed(next: PanelItem, message: string | null = t('panel.saved')) {
    setData((current) => ({ ...current, item: next }));
    reset();
    setNotice(message);
    setUndoable(null);
    onChanged(next);
  }

  /** A change's answer (null when it failed: `problem` says why) becomes the item shown. */
  async function change(answer: Promise<PanelItem | null>, message?: string | null) {
    setNotice(null);
    setUndoable(null);
    const next = await answer;
    if (next) changed(next, message);
    return next;
  }

  async function reloadAll() {
    reset();
    setNotice(null);
    setUndoable(null);
    await reload();
  }

  function offerUndo(text: string, undo: () => Promise<PanelItem | null>) {
    setUndoable({
      text,
      undo: async () => {
        const next = await undo();
        if (next) setNotice(t('panel.undone'));
        return !!next;
      },
    });
  }

  async function assign(assigneeId: string, { undoable = true } = {}): Promise<PanelItem | null> {
    const current = latest.current;
    if (!current) return null;
    const before = current.assignee?.id ?? '';
    const next = await change(
      mutate(AssignMutation, {
        id: current.id,
        assigneeId: assigneeId || null,
        expectedVersion: current.version,
      }).then((answer) => answer && answer.assignItem),
      null,
    );
    if (next && undoable) {
      const text = next.assignee
        ? t('panel.assignedNow', { name: next.assignee.displayName })
        : t('panel.unassignedNow');
      offerUndo(text, () => assign(before, { undoable: false }));
    }
    return next;
  }

  async function prioritise(priority: Priority, { undoable = true } = {}): Promise<PanelItem | null> {
    const current = latest.current;
    if (!current) return null;
    const before = current.priority;
    const next = await change(
      mutate(PriorityMutation, { id: current.id, priority, expectedVersion: current.version }).then(
        (answer) => answer && answer.setPriority,
      ),
      null,
    );
    if (next && undoable) {
      offerUndo(t('panel.priorityNow', { priority: t(`priority.${next.priority}`) }), () =>
        prioritise(before, { undoable: false }),
      );
    }
    return next;
  }

  function move(to: Status) {
    if (!item) return;
    if (NEEDS_MESSAGE.has(to)) {
      setMoving(to);
      return;
    }
    void change(
      mutate(TransitionMutation, { id: item.id, to, expectedVersion: item.version }).then(
        (answer) => answer && answer.transitionItem,
      ),
      t('board.moved', { title: item.title, status: t(`status.${to}`) }),
    );
  }

  const label = item ? t('panel.label', { reference: item.reference }) : t('common.loading');

  return (
    <Dialog label={label} onClose={onClose} className="panel">
      <div class="panel-head">
        <p class="muted">{item?.reference}</p>
        <button type="button" class="button button-small" onClick={onClose}>
          {t('panel.close')}
        </button>
      </div>
      {!item && loading && <Loading />}
      {!item && error && <ErrorAlert error={error} onRetry={() => void reload()} />}
      {item && (
        <div class="panel-body">
          <h2 class="panel-title">{item.title}</h2>
          {problem && <ConflictAlert error={problem} onReload={() => void reloadAll()} />}
          {undoable ? (
            <UndoNotice undoable={undoable} busy={busy} onDone={() => setUndoable(null)} />
          ) : (
            notice && <Notice>{notice}</Notice>
          )}
          <Details item={item} />
          <p class="body-text">{item.body}</p>

          {item.status === 'NEW' && item.viewerCanTriage && (
            <details class="panel-section triage">
              <summary>{t('triage.title')}</summary>
              <TriageAid
                item={item}
                onDone={(next) => changed(next, t('triage.done', { status: t(`status.${next.status}`) }))}
                onReload={() => void reloadAll()}
              />
            </details>
          )}

          <section class="panel-section" aria-labelledby="panel-status">
            <h3 id="panel-status">{t('panel.moveTo')}</h3>
            {moving ? (
              <MoveForm
                item={item}
                to={moving}
                onDone={(next) => {
                  setMoving(null);
                  changed(next, t('board.moved', { title: next.title, status: t(`status.${next.status}`) }));
                }}
                onCancel={() => setMoving(null)}
                onReload={() => {
                  setMoving(null);
                  void reloadAll();
                }}
              />
            ) : (
              <div class="button-row">
                {item.allowedTransitions.length === 0 && <p class="muted">{t('board.noMoves')}</p>}
                {item.allowedTransitions.map((to) => (
                  <button
                    key={to}
                    type="button"
                    class="button"
                    disabled={busy}
                    onClick={() => move(to)}
                  >
                    {moveLabel(t, to)}
                  </button>
                ))}
              </div>
            )}
          </section>

          <div class="panel-controls">
            <Assign
              item={item}
              people={data?.assignablePeople ?? []}
              meId={me?.id ?? ''}
              busy={busy}
              onAssign={assign}
            />
            <PriorityControl item={item} busy={busy} onPriority={prioritise} />
          </div>

          {item.viewerCanTriage && (
            <Duplicates
              itemId={item.id}
              busy={busy}
              onMerge={(into) =>
                void change(
                  mutate(MergeMutation, { id: item.id, into: into.id, expectedVersion: item.version }).then(
                    (answer) => answer && answer.mergeItem,
                  ),
                  t('board.merged', { reference: into.reference }),
                )
              }
            />
          )}

          <section class="panel-section" aria-labelledby="panel-timeline">
            <h3 id="panel-timeline">{t('timeline.title')}</h3>
            <Timeline entries={item.timeline} perspective="staff" kind={item.kind} meName={me?.displayName} />
          </section>

          <Compose item={item} onSent={(next) => changed(next, t('panel.messageSent'))} />
        </div>
      )}
    </Dialog>
  );
}

function UndoNotice({
  undoable,
  busy,
  onDone,
}: {
  undoable: Undoable;
  busy: boolean;
  onDone: () => void;
}) {
  const { t } = useT();
  return (
    <div class="alert alert-success undo-notice" role="status">
      <span>{undoable.text}</span>
      <button
        type="button"
        class="button button-small"
        disabled={busy}
        onClick={() => void undoable.undo().then((undone) => undone && onDone())}
      >
        {t('panel.undo')}
      </button>
    </div>
  );
}

function Details({ item }: { item: PanelItem }) {
  const { t, lang } = useT();
  return (
    <dl class="facts">
      <dt>{t('panel.status')}</dt>
      <dd class="badges">
        <KindLabel kind={item.kind} /> <StatusBadge status={item.status} />{' '}
        <TargetBadge state={item.targetState} />
      </dd>
      <dt>{t('board.team')}</dt>
      <dd>
        {item.team.name} · {categoryName(lang, item.category)}
      </dd>
      <dt>{t('panel.submittedBy')}</dt>
      <dd>{item.submitter?.displayName ?? t('panel.anonymous')}</dd>
      {item.customer && (
        <>
          <dt>{t('panel.customer')}</dt>
          <dd>
            {item.customer.name} &lt;{item.customer.email}&gt; · {t(`locale.${item.customer.locale}`)} ·{' '}
            {t('panel.consentOn', { date: formatDateTime(lang, item.customer.consentAt) })}
            {item.customer.emailsStopped && <> · {t('panel.emailsStopped')}</>}
          </dd>
        </>
      )}
      <dt>{t('panel.createdAt')}</dt>
      <dd>{formatDateTime(lang, item.createdAt)}</dd>
      {item.concern && <ConcernClocks concern={item.concern} />}
      {item.status === 'NEW' && item.acknowledgeDueAt && (
        <>
          <dt>{t('panel.ackDue')}</dt>
          <dd>{formatDateTime(lang, item.acknowledgeDueAt)}</dd>
        </>
      )}
      {item.resolveDueAt && item.targetState !== 'DONE' && (
        <>
          <dt>{t('panel.resolveDue')}</dt>
          <dd>{formatDateTime(lang, item.resolveDueAt)}</dd>
        </>
      )}
    </dl>
  );
}

/** A select that applies its choice at once; shows the item's value again if the
 * change was refused. */
function useChoice<T extends string>(current: T): [T, (value: T) => void] {
  const [chosen, setChosen] = useState<T>(current);
  useEffect(() => setChosen(current), [current]);
  return [chosen, setChosen];
}

function Assign({
  item,
  people,
  meId,
  busy,
  onAssign,
}: {
  item: PanelItem;
  people: readonly { id: string; displayName: string }[];
  meId: string;
  busy: boolean;
  onAssign: (assigneeId: string) => Promise<PanelItem | null>;
}) {
  const { t } = useT();
  const current = item.assignee?.id ?? '';
  const [chosen, setChosen] = useChoice(current);
  const choose = (assigneeId: string) => {
    setChosen(assigneeId);
    void onAssign(assigneeId).then((next) => next || setChosen(current));
  };
  const canTakeIt = current !== meId && people.some((person) => person.id === meId);
  return (
    <div class="inline-control">
      <SelectField
        id="panel-assignee"
        label={t('panel.assignee')}
        value={chosen}
        onValue={choose}
        disabled={busy}
      >
        <option value="">{t('panel.nobody')}</option>
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.displayName}
          </option>
        ))}
      </SelectField>
      {canTakeIt && (
        <button type="button" class="button button-small" disabled={busy} onClick={() => choose(meId)}>
          {t('board.assignToMe')}
        </button>
      )}
    </div>
  );
}

function PriorityControl({
  item,
  busy,
  onPriority,
}: {
  item: PanelItem;
  busy: boolean;
  onPriority: (priority: Priority) => Promise<PanelItem | null>;
}) {
  const { t } = useT();
  const [chosen, setChosen] = useChoice<Priority>(item.priority);
  return (
    <div class="inline-control">
      <SelectField
        id="panel-priority"
        label={t('panel.priority')}
        value={chosen}
        disabled={busy}
        onValue={(value) => {
          const priority = value as Priority;
          setChosen(priority);
          void onPriority(priority).then((next) => next || setChosen(item.priority));
        }}
      >
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {t(`priority.${priority}`)}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

function Compose({ item, onSent }: { item: PanelItem; onSent: (item: PanelItem) => void }) {
  const { t } = useT();
  const [draft, update, clear] = useDraft(`note.${item.id}`, {
    body: '',
    visibility: 'INTERNAL' as Visibility,
  });
  const audiences: Visibility[] =
    item.kind === 'CUSTOMER_ISSUE' ? ['INTERNAL', 'SUBMITTER', 'PUBLIC'] : ['INTERNAL', 'SUBMITTER'];
  const closed = item.status === 'CLOSED';
  const submit = useSubmit({
    check: () => ({ body: checkText(t, draft.body, { max: MESSAGE_MAX }) }),
    send: (mutate) =>
      mutate(MessageMutation, {
        id: item.id,
        body: draft.body,
        visibility: closed ? 'INTERNAL' : draft.visibility,
      }),
    sent: ({ addMessage }) => {
      clear();
      onSent(addMessage);
    },
  });

  return (
    <form class="panel-section form compose" onSubmit={submit.onSubmit} noValidate>
      <h3>{t('panel.write')}</h3>
      {submit.error && <ErrorAlert error={submit.error} />}
      <fieldset class="choices">
        <legend>{t('panel.writeTo')}</legend>
        {audiences.map((visibility) => (
          <label key={visibility} class={`choice choice-${visibility.toLowerCase()}`}>
            <input
              type="radio"
              name={`compose-${item.id}`}
              value={visibility}
              checked={(closed ? 'INTERNAL' : draft.visibility) === visibility}
              disabled={closed && visibility !== 'INTERNAL'}
              onChange={() => update({ visibility })}
            />
            {visibility === 'SUBMITTER' && item.kind === 'GRIEVANCE'
              ? t('panel.audience.SUBMITTER_GRIPE')
              : t(`panel.audience.${visibility}`)}
          </label>
        ))}
      </fieldset>
      <TextField
        multiline
        id={`compose-body-${item.id}`}
        label={t('panel.messageLabel')}
        value={draft.body}
        onValue={(body) => update({ body })}
        error={submit.errors['body']}
        rows={3}
      />
      <button type="submit" class="button button-primary" disabled={submit.busy}>
        {submit.busy ? t('common.sending') : t('panel.sendMessage')}
      </button>
    </form>
  );
}

/** Items of the manager's teams that look like this one; merging this one into one of them. */
function Duplicates({
  itemId,
  busy,
  onMerge,
}: {
  itemId: string;
  busy: boolean;
  onMerge: (into: { id: string; reference: string }) => void;
}) {
  const { t } = useT();
  const { data, error, reload } = useQuery(DuplicatesQuery, { id: itemId });
  const found = data?.possibleDuplicates ?? [];
  return (
    <section class="panel-section" aria-labelledby="panel-duplicates">
      <h3 id="panel-duplicates">{t('board.possibleDuplicates')}</h3>
      {error && <ErrorAlert error={error} onRetry={() => void reload()} />}
      {data && found.length === 0 && <p class="muted">{t('board.noDuplicates')}</p>}
      <ul class="duplicates">
        {found.map((other) => (
          <li key={other.id} data-item-id={other.id}>
            <span>
              {other.reference} · {other.title} · {t(`status.${other.status}`)} ·{' '}
              {t('shared.meTooCount', { count: other.meTooCount })}
            </span>{' '}
            <button type="button" class="button button-small" disabled={busy} onClick={() => onMerge(other)}>
              {t('board.mergeInto')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
