import { useEffect, useState } from 'preact/hooks';
import { Timeline } from '../components/Timeline';
import { SelectField, TextArea } from '../components/fields';
import { ErrorAlert, KindLabel, Loading, Notice, StatusBadge, TargetBadge } from '../components/ui';
import { type ApiError, asApiError, request } from '../graphql/client';
import { useQuery } from '../graphql/hooks';
import { categoryName, useT } from '../i18n';
import { useDraft } from '../lib/drafts';
import { useMessageSending } from '../lib/sending';
import { formatDateTime } from '../lib/format';
import { useSession } from '../lib/session';
import { Dialog } from './Dialog';
import { MoveForm } from './MoveForm';
import {
  AssignMutation,
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

/** The item panel: everything about one item, and every way to move it on. */
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
  const { data, error, loading, reload } = useQuery(PanelQuery, { id: itemId }, itemId);
  const [item, setItem] = useState<PanelItem | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [moving, setMoving] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (data) setItem(data.item);
  }, [data]);

  function changed(next: PanelItem, message: string | null = t('panel.saved')) {
    setItem(next);
    setProblem(null);
    setNotice(message);
    onChanged(next);
  }

  async function change(run: () => Promise<PanelItem>, message?: string) {
    setBusy(true);
    setNotice(null);
    try {
      changed(await run(), message);
    } catch (caught) {
      setProblem(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  async function reloadAll() {
    setProblem(null);
    setNotice(null);
    await reload();
  }

  function move(to: Status) {
    if (!item) return;
    if (NEEDS_MESSAGE.has(to)) {
      setMoving(to);
      return;
    }
    void change(
      async () =>
        (
          await request(TransitionMutation, { id: item.id, to, expectedVersion: item.version })
        ).transitionItem,
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
          {problem && (
            <ErrorAlert error={problem}>
              {(problem.code === 'STALE_VERSION' || problem.code === 'INVALID_TRANSITION') && (
                <>
                  <p>{t('board.conflict')}</p>
                  <button type="button" class="button button-small" onClick={() => void reloadAll()}>
                    {t('board.reload')}
                  </button>
                </>
              )}
            </ErrorAlert>
          )}
          {notice && <Notice>{notice}</Notice>}
          <Details item={item} />
          <p class="body-text">{item.body}</p>

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
                    {t('board.moveTo', { status: t(`status.${to}`) })}
                  </button>
                ))}
              </div>
            )}
          </section>

          <div class="panel-controls">
            <Assign
              item={item}
              people={data?.assignablePeople ?? []}
              busy={busy}
              onSave={(assigneeId) =>
                change(
                  async () =>
                    (
                      await request(AssignMutation, {
                        id: item.id,
                        assigneeId: assigneeId || null,
                        expectedVersion: item.version,
                      })
                    ).assignItem,
                )
              }
            />
            <PriorityControl
              item={item}
              busy={busy}
              onSave={(priority) =>
                change(
                  async () =>
                    (
                      await request(PriorityMutation, {
                        id: item.id,
                        priority,
                        expectedVersion: item.version,
                      })
                    ).setPriority,
                )
              }
            />
          </div>

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

function Assign({
  item,
  people,
  busy,
  onSave,
}: {
  item: PanelItem;
  people: readonly { id: string; displayName: string }[];
  busy: boolean;
  onSave: (assigneeId: string) => Promise<void>;
}) {
  const { t } = useT();
  const current = item.assignee?.id ?? '';
  const [chosen, setChosen] = useState(current);
  useEffect(() => setChosen(current), [current]);
  return (
    <form
      class="inline-control"
      onSubmit={(event) => {
        event.preventDefault();
        void onSave(chosen);
      }}
    >
      <SelectField id="panel-assignee" label={t('panel.assignee')} value={chosen} onValue={setChosen}>
        <option value="">{t('panel.nobody')}</option>
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.displayName}
          </option>
        ))}
      </SelectField>
      {chosen !== current && (
        <button type="submit" class="button button-small button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('panel.assignSave')}
        </button>
      )}
    </form>
  );
}

function PriorityControl({
  item,
  busy,
  onSave,
}: {
  item: PanelItem;
  busy: boolean;
  onSave: (priority: Priority) => Promise<void>;
}) {
  const { t } = useT();
  const [chosen, setChosen] = useState<Priority>(item.priority);
  useEffect(() => setChosen(item.priority), [item.priority]);
  return (
    <form
      class="inline-control"
      onSubmit={(event) => {
        event.preventDefault();
        void onSave(chosen);
      }}
    >
      <SelectField
        id="panel-priority"
        label={t('panel.priority')}
        value={chosen}
        onValue={(value) => setChosen(value as Priority)}
      >
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {t(`priority.${priority}`)}
          </option>
        ))}
      </SelectField>
      {chosen !== item.priority && (
        <button type="submit" class="button button-small button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('panel.prioritySave')}
        </button>
      )}
    </form>
  );
}

function Compose({ item, onSent }: { item: PanelItem; onSent: (item: PanelItem) => void }) {
  const { t } = useT();
  const [draft, update, clear] = useDraft(`note.${item.id}`, {
    body: '',
    visibility: 'INTERNAL' as Visibility,
  });
  const { problem, error, busy, send } = useMessageSending(t);
  const audiences: Visibility[] =
    item.kind === 'CUSTOMER_ISSUE' ? ['INTERNAL', 'SUBMITTER', 'PUBLIC'] : ['INTERNAL', 'SUBMITTER'];
  const closed = item.status === 'CLOSED';

  async function onSubmit(event: Event) {
    event.preventDefault();
    await send(draft.body, async () => {
      const { addMessage } = await request(MessageMutation, {
        id: item.id,
        body: draft.body,
        visibility: closed ? 'INTERNAL' : draft.visibility,
      });
      clear();
      onSent(addMessage);
    });
  }

  return (
    <form class="panel-section form compose" onSubmit={onSubmit} noValidate>
      <h3>{t('panel.write')}</h3>
      {error && <ErrorAlert error={error} />}
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
      <TextArea
        id={`compose-body-${item.id}`}
        label={t('panel.messageLabel')}
        value={draft.body}
        onValue={(body) => update({ body })}
        error={problem}
        rows={3}
      />
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? t('common.sending') : t('panel.sendMessage')}
      </button>
    </form>
  );
}
