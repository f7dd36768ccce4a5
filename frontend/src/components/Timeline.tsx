import type { ResultOf } from '../graphql/graphql';
import type { TimelineFields } from '../graphql/fragments';
import { useT, type TFunction } from '../i18n';
import { formatDateTime } from '../lib/format';
import { LockIcon, MailIcon, PersonIcon } from './icons';

export type Entry = ResultOf<typeof TimelineFields>;
type Kind = 'GRIEVANCE' | 'CUSTOMER_ISSUE';

/** Whose eyes: managers see every audience labelled; the employee and the anonymous
 * submitter see their own steps as "you". */
export type Perspective = 'staff' | 'submitter' | 'anonymous';

function actorName(t: TFunction, entry: Entry, perspective: Perspective, meName?: string) {
  switch (entry.actor.kind) {
    case 'USER':
      return entry.actor.name && entry.actor.name === meName
        ? t('timeline.you')
        : (entry.actor.name ?? t('timeline.team'));
    case 'SUBMITTER':
      return perspective === 'anonymous' ? t('timeline.anonymousSubmitter') : t('timeline.submitter');
    case 'CUSTOMER':
      return t('timeline.customer');
    default:
      return t('timeline.system');
  }
}

function isMine(entry: Entry, perspective: Perspective, meName?: string): boolean {
  if (perspective === 'anonymous') return entry.actor.kind === 'SUBMITTER';
  return entry.actor.kind === 'USER' && !!meName && entry.actor.name === meName;
}

function what(t: TFunction, entry: Entry, mine: boolean, perspective: Perspective): string {
  switch (entry.type) {
    case 'SUBMITTED':
      return t('timeline.submitted');
    case 'ACKNOWLEDGED':
      return t('timeline.acknowledged');
    case 'ASSIGNED':
      return entry.assignee
        ? t('timeline.assigned', { name: entry.assignee.displayName })
        : t('timeline.unassigned');
    case 'PRIORITY_CHANGED':
      return t('timeline.priority', {
        priority: entry.priority ? t(`priority.${entry.priority}`) : '?',
      });
    case 'STATUS_CHANGED': {
      if (entry.actor.kind === 'SYSTEM' && entry.toStatus === 'IN_PROGRESS')
        return perspective === 'staff' ? t('timeline.answeredBackToWork') : t('timeline.backToWork');
      const to = entry.toStatus ? t(`status.${entry.toStatus}`) : '?';
      return entry.fromStatus
        ? t('timeline.statusChanged', { from: t(`status.${entry.fromStatus}`), to })
        : t('timeline.statusSet', { to });
    }
    case 'CUSTOMER_FEEDBACK':
      return entry.solved ? t('timeline.feedbackSolved') : t('timeline.feedbackNotSolved');
    case 'SUBMITTER_FEEDBACK':
      if (mine) return entry.solved ? t('timeline.youSaidSolved') : t('timeline.youSaidNotSolved');
      return entry.solved ? t('timeline.submitterSolved') : t('timeline.submitterNotSolved');
    case 'TARGET_MISSED':
      return t('timeline.targetMissed');
    default:
      return t('timeline.message');
  }
}

/**
 * For managers: who wrote a message and who reads it. A message from the submitter or
 * the customer is labelled as theirs (the team reads it), one from the team by who it
 * was written to.
 */
function readers(t: TFunction, entry: Entry, kind: Kind): string {
  if (entry.actor.kind === 'CUSTOMER') return t('timeline.from.CUSTOMER');
  if (entry.actor.isSubmitter)
    return kind === 'GRIEVANCE' ? t('timeline.from.SUBMITTER_GRIPE') : t('timeline.from.SUBMITTER');
  if (entry.visibility === 'SUBMITTER' && kind === 'GRIEVANCE') return t('timeline.audience.SUBMITTER_GRIPE');
  return t(`timeline.audience.${entry.visibility}`);
}

export function Timeline({
  entries,
  perspective,
  kind,
  meName,
  highlightLast = 0,
}: {
  entries: readonly Entry[];
  perspective: Perspective;
  kind: Kind;
  meName?: string;
  /** Mark the newest N entries as new (unseen updates). */
  highlightLast?: number;
}) {
  const { t, lang } = useT();
  if (!entries.length) return <p class="muted">{t('timeline.empty')}</p>;
  const firstNew = entries.length - highlightLast;
  return (
    <ol class="timeline">
      {entries.map((entry, index) => {
        const mine = isMine(entry, perspective, meName);
        const audience = readers(t, entry, kind);
        const showAudience = perspective === 'staff' && entry.message;
        return (
          <li
            key={entry.id}
            class={[
              'entry',
              `entry-${entry.type.toLowerCase()}`,
              entry.message ? `has-message vis-${entry.visibility.toLowerCase()}` : '',
              mine ? 'mine' : '',
              index >= firstNew ? 'is-new' : '',
            ].join(' ')}
          >
            <div class="entry-head">
              <span class="entry-what">
                {entry.type === 'MESSAGE'
                  ? actorName(t, entry, perspective, meName)
                  : what(t, entry, mine, perspective)}
                {entry.viaEmail && <span class="entry-via"> · {t('timeline.viaEmail')}</span>}
              </span>
              {entry.type !== 'MESSAGE' && entry.actor.kind !== 'SYSTEM' && (
                <span class="entry-who">
                  {mine
                    ? perspective === 'anonymous'
                      ? t('timeline.byYouAnonymous')
                      : t('timeline.byYou')
                    : t('timeline.by', { name: actorName(t, entry, perspective, meName) })}
                </span>
              )}
              <time dateTime={entry.at}>{formatDateTime(lang, entry.at)}</time>
            </div>
            {entry.message && (
              <div class="bubble">
                {showAudience && (
                  <p class={`audience audience-${entry.visibility.toLowerCase()}`}>
                    {entry.visibility === 'INTERNAL' ? (
                      <LockIcon />
                    ) : entry.actor.kind === 'CUSTOMER' || entry.visibility === 'PUBLIC' ? (
                      <MailIcon />
                    ) : (
                      <PersonIcon />
                    )}{' '}
                    {audience}
                  </p>
                )}
                <p class="message">{entry.message}</p>
              </div>
            )}
            {entry.attachmentsLeftOut > 0 && (
              <p class="hint">{t('timeline.attachmentsLeftOut', { count: entry.attachmentsLeftOut })}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
