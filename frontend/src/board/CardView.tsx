import { ChatIcon } from '../components/icons';
import { KindLabel, TargetBadge } from '../components/ui';
import { categoryName, useT } from '../i18n';
import { age } from '../lib/format';
import { MoveMenu } from './MoveMenu';
import type { Card, Status } from './queries';

export function CardView({
  card,
  href,
  onMove,
  onAssignToMe,
  onDragStart,
  onDragEnd,
}: {
  card: Card;
  href: string;
  onMove: (card: Card, to: Status) => void;
  /** Offered on a card nobody has yet: one click makes it the viewer's. */
  onAssignToMe?: ((card: Card) => void) | undefined;
  onDragStart: (card: Card) => void;
  onDragEnd: () => void;
}) {
  const { t, lang } = useT();
  const titleId = `card-${card.id}-title`;
  const messages = t('board.messages', { count: card.messageCount });
  return (
    <article
      class={`board-card priority-${card.priority.toLowerCase()}`}
      aria-labelledby={titleId}
      draggable
      data-item-id={card.id}
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/plain', card.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
        onDragStart(card);
      }}
      onDragEnd={onDragEnd}
    >
      <div class="board-card-top">
        <span class="board-card-ref">{card.reference}</span>
        <span class={`badge priority priority-badge-${card.priority.toLowerCase()}`}>
          {t(`priority.${card.priority}`)}
        </span>
      </div>
      <h3 id={titleId} class="board-card-title">
        <a href={href}>{card.title}</a>
      </h3>
      <p class="board-card-meta">
        <KindLabel kind={card.kind} /> · {card.team.name} · {categoryName(lang, card.category)}
        {card.isAnonymous && <> · {t('board.anonymous')}</>}
        {card.meTooCount > 0 && (
          <>
            {' · '}
            <span class="me-too-count">{t('shared.meTooCount', { count: card.meTooCount })}</span>
          </>
        )}
      </p>
      <div class="board-card-foot">
        <TargetBadge state={card.targetState} />
        <span title={t('board.age')}>{t('board.ageValue', { age: age(lang, card.createdAt) })}</span>
        <span class="board-card-messages" title={messages}>
          <ChatIcon size={14} />
          <span aria-hidden="true">{card.messageCount}</span>
          <span class="visually-hidden">{messages}</span>
        </span>
        <span class="board-card-assignee">
          {card.assignee
            ? t('board.assignedTo', { name: card.assignee.displayName })
            : t('board.unassignedCard')}
        </span>
      </div>
      <div class="board-card-actions">
        <MoveMenu card={card} onMove={(to) => onMove(card, to)} />
        {onAssignToMe && (
          <button
            type="button"
            class="button button-small button-quiet"
            aria-label={t('board.assignToMeLabel', { title: card.title })}
            onClick={() => onAssignToMe(card)}
          >
            {t('board.assignToMe')}
          </button>
        )}
      </div>
    </article>
  );
}
