import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import type { ApiError } from '../graphql/client';
import { useT } from '../i18n';
import { errorMessage } from '../lib/errors';
import { ChatIcon, CustomerIcon } from './icons';
import type { ResultOf } from '../graphql/graphql';
import type { OwnItemFields } from '../graphql/fragments';

type Item = ResultOf<typeof OwnItemFields>;

export function Loading({ label }: { label?: string }) {
  const { t } = useT();
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** An API error as a sentence, with the way out (log in again, retry). */
export function ErrorAlert({
  error,
  onRetry,
  children,
}: {
  error: ApiError;
  onRetry?: () => void;
  children?: ComponentChildren;
}) {
  const { t } = useT();
  const { url } = useLocation();
  return (
    <div class="alert alert-error" role="alert">
      <p>{errorMessage(t, error)}</p>
      {children}
      {error.code === 'UNAUTHENTICATED' && (
        <p>
          <a href={`/login?next=${encodeURIComponent(url)}`}>{t('login.title')}</a>
        </p>
      )}
      {onRetry && error.code !== 'UNAUTHENTICATED' && (
        <button type="button" class="button button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="alert alert-success" role="status">
      {children}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: Item['status'] }) {
  const { t } = useT();
  return <span class={`badge status-${status.toLowerCase()}`}>{t(`status.${status}`)}</span>;
}

export function TargetBadge({ state }: { state: Item['targetState'] }) {
  const { t } = useT();
  if (state === 'ON_TIME') return <span class="badge target-on-time">{t('target.ON_TIME')}</span>;
  return <span class={`badge target-${state.toLowerCase()}`}>{t(`target.${state}`)}</span>;
}

export function KindLabel({ kind }: { kind: Item['kind'] }) {
  const { t } = useT();
  return (
    <span class={`kind kind-${kind.toLowerCase()}`}>
      {kind === 'GRIEVANCE' ? <ChatIcon size={16} /> : <CustomerIcon size={16} />} {t(`kind.${kind}`)}
    </span>
  );
}
