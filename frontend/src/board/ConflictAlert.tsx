import { ErrorAlert } from '../components/ui';
import type { ApiError } from '../graphql/client';
import { useT } from '../i18n';

/**
 * A change that failed. When someone else changed the item first (STALE_VERSION), or it
 * has moved where this step is no longer possible, the way out is to reload it: what was
 * typed is kept in its draft.
 */
export function ConflictAlert({ error, onReload }: { error: ApiError; onReload: () => void }) {
  const { t } = useT();
  return (
    <ErrorAlert error={error}>
      {(error.code === 'STALE_VERSION' || error.code === 'INVALID_TRANSITION') && (
        <>
          <p>{t('board.conflict')}</p>
          <button type="button" class="button button-small" onClick={onReload}>
            {t('board.reload')}
          </button>
        </>
      )}
    </ErrorAlert>
  );
}
