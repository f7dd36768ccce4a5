import { useEffect, useRef, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { ReplyBox } from '../components/ReplyBox';
import { Timeline } from '../components/Timeline';
import { CheckboxField, TextField } from '../components/fields';
import { ErrorAlert, KindLabel, StatusBadge } from '../components/ui';
import type { Channel } from '../graphql/client';
import { AnonymousItemFields } from '../graphql/fragments';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useMutation, useQuery } from '../graphql/hooks';
import { categoryName, useT } from '../i18n';
import { checkText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import {
  forgetReceipt,
  rememberReceipt,
  rememberedReceipts,
  type RememberedReceipt,
} from '../lib/receipts';
import { takePendingReceipt } from './receiptHandoff';

const AnonymousItemQuery = graphql(
  `query AnonymousItem($receipt: String!) { anonymousItem(receipt: $receipt) { ...AnonymousItemFields } }`,
  [AnonymousItemFields],
);
const MarkSeen = graphql(
  `mutation MarkAnonymousItemSeen($receipt: String!) { markAnonymousItemSeen(receipt: $receipt) { unseenUpdates } }`,
);
const ReplyAnonymously = graphql(
  `mutation ReplyAnonymously($receipt: String!, $body: String!) {
    replyAnonymously(receipt: $receipt, body: $body) { ...AnonymousItemFields }
  }`,
  [AnonymousItemFields],
);

type AnonymousItem = ResultOf<typeof AnonymousItemFields>;

/**
 * The channel of everything this page sends. It becomes 'anonymous' (no cookie, an
 * endpoint that never reads a session) when the server serves `/graphql/anonymous`.
 */
const CHANNEL: Channel = 'session';

/**
 * The anonymous submitter's way back: enter the receipt code (or pick one remembered on
 * this device), then read the timeline and reply. The code stays in this page's memory.
 */
export function Receipt() {
  const { t } = useT();
  const [code, setCode] = useState('');
  // The receipt being opened or read.
  const [receipt, setReceipt] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const [remembered, setRemembered] = useState(rememberedReceipts);
  const lookup = useQuery(
    AnonymousItemQuery,
    { receipt: receipt ?? '' },
    { channel: CHANNEL, enabled: receipt !== null, onAnswer: () => setCode('') },
  );
  const { error } = lookup;

  function open(next: string) {
    if (next === receipt) void lookup.reload();
    else setReceipt(next);
  }

  useEffect(() => {
    const pending = takePendingReceipt();
    if (pending) open(pending);
  }, []);

  function onSubmit(event: Event) {
    event.preventDefault();
    const issue = checkText(t, code, { max: 64 });
    setProblem(issue);
    if (!issue) open(code.trim());
  }

  function forget(receipt: RememberedReceipt) {
    forgetReceipt(receipt.reference);
    setRemembered(rememberedReceipts());
  }

  const item = lookup.data?.anonymousItem;
  if (receipt && item) {
    return (
      <AnonymousView
        code={receipt}
        item={item}
        onChanged={(next) => lookup.setData(() => ({ anonymousItem: next }))}
        onClose={() => {
          setReceipt(null);
          setRemembered(rememberedReceipts());
        }}
      />
    );
  }

  return (
    <Page title={t('receipt.title')} lead={t('receipt.intro')}>
      <form class="card form" onSubmit={onSubmit} noValidate>
        {error &&
          (error.code === 'NOT_FOUND' ? (
            <div class="alert alert-error" role="alert">
              <p>{t('receipt.notFound')}</p>
            </div>
          ) : (
            <ErrorAlert error={error} />
          ))}
        <TextField
          id="receipt"
          label={t('receipt.code')}
          hint={t('receipt.codeHint')}
          value={code}
          onValue={setCode}
          error={problem}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          class="mono"
        />
        <button type="submit" class="button button-primary button-block" disabled={lookup.loading}>
          {lookup.loading ? t('receipt.opening') : t('receipt.open')}
        </button>
      </form>
      {remembered.length > 0 && (
        <section class="card" aria-labelledby="remembered-title">
          <h2 id="remembered-title">{t('receipt.remembered')}</h2>
          <p class="hint">{t('receipt.rememberedHint')}</p>
          <ul class="remembered">
            {remembered.map((receipt) => (
              <li key={receipt.reference}>
                <span class="mono">{receipt.reference}</span>
                <button type="button" class="button button-small" onClick={() => void open(receipt.code)}>
                  {t('receipt.open')}
                </button>
                <button
                  type="button"
                  class="button button-small button-quiet"
                  aria-label={t('receipt.forgetLabel', { reference: receipt.reference })}
                  onClick={() => forget(receipt)}
                >
                  {t('receipt.forget')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

function AnonymousView({
  code,
  item,
  onChanged,
  onClose,
}: {
  code: string;
  item: AnonymousItem;
  onChanged: (item: AnonymousItem) => void;
  onClose: () => void;
}) {
  const { t, lang } = useT();
  // What was new when the page opened stays marked while the person reads it.
  const unseen = useRef(item.unseenUpdates).current;
  const [remember, setRemember] = useState(() =>
    rememberedReceipts().some((r) => r.reference === item.reference),
  );
  const { mutate } = useMutation({ channel: CHANNEL });

  useEffect(() => {
    if (unseen > 0) void mutate(MarkSeen, { receipt: code });
  }, [code]);

  function onRemember(checked: boolean) {
    setRemember(checked);
    if (checked) rememberReceipt({ reference: item.reference, code });
    else forgetReceipt(item.reference);
  }

  return (
    <Page title={item.title}>
      <p class={unseen ? 'alert alert-info' : 'muted'} role="status">
        {unseen ? t('receipt.unseen', { count: unseen }) : t('receipt.noUnseen')}
      </p>
      <div class="card">
        <p class="item-row-top">
          <KindLabel kind={item.kind} />
          <StatusBadge status={item.status} />
        </p>
        <dl class="facts">
          <dt>{t('item.reference')}</dt>
          <dd>{item.reference}</dd>
          <dt>{t('item.category')}</dt>
          <dd>
            {categoryName(lang, item.category)} · {item.team.name}
          </dd>
          <dt>{t('item.sent')}</dt>
          <dd>{formatDateTime(lang, item.createdAt)}</dd>
        </dl>
        {item.status === 'NEW' && item.acknowledgeDueAt && (
          <p class="expect">{t('item.expectedAck', { date: formatDateTime(lang, item.acknowledgeDueAt) })}</p>
        )}
        {['ACKNOWLEDGED', 'IN_PROGRESS', 'WAITING_FOR_INFO'].includes(item.status) && item.resolveDueAt && (
          <p class="expect">
            {t('item.expectedResolve', { date: formatDateTime(lang, item.resolveDueAt) })}
          </p>
        )}
        <p class="body-text">{item.body}</p>
      </div>
      {item.status === 'WAITING_FOR_INFO' && <p class="alert alert-info">{t('item.askedForInfo')}</p>}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <Timeline
          entries={item.timeline}
          perspective="anonymous"
          kind={item.kind}
          highlightLast={unseen}
        />
      </section>
      <ReplyBox
        id="anonymous-reply"
        draftName={`anonymous-reply.${item.reference}`}
        texts="receipt"
        canReply={item.canReply}
        send={(mutate, body) => mutate(ReplyAnonymously, { receipt: code, body })}
        sent={({ replyAnonymously }) => onChanged(replyAnonymously)}
        channel={CHANNEL}
      />
      <div class="card">
        <CheckboxField
          id="remember"
          label={t('receipt.rememberNow')}
          hint={t('receiptShown.rememberExplain')}
          checked={remember}
          onChecked={onRemember}
        />
      </div>
      <p>
        <button type="button" class="link-button" onClick={onClose}>
          {t('receipt.other')}
        </button>
      </p>
    </Page>
  );
}
