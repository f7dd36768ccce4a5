import type { ComponentChildren } from 'preact';
import { type TFunction, useT } from '../i18n';
import { checkText } from '../lib/errors';
import type { FieldErrors } from '../lib/errors';
import type { Submit } from '../lib/forms';
import { CategorySelect } from './CategorySelect';
import { TextField } from './fields';
import { ErrorAlert } from './ui';

/** What every new item says, gripe or customer's problem. */
export interface ItemDraft {
  categoryId: string;
  title: string;
  body: string;
}

/** The server's limits (`domain/validation.py`). */
export const TITLE_MAX = 140;
export const BODY_MAX = 5000;

/** The checks every new item gets before it is sent. */
export function checkItem(t: TFunction, draft: ItemDraft): Record<keyof ItemDraft, string | undefined> {
  return {
    categoryId: draft.categoryId ? undefined : t('fieldErrors.category'),
    title: checkText(t, draft.title, { max: TITLE_MAX }),
    body: checkText(t, draft.body, { max: BODY_MAX }),
  };
}

/** What it is about, in one line, and what is going on; in the words of the form (`texts`). */
export function ItemFields({
  texts,
  draft,
  update,
  errors,
}: {
  texts: 'gripe' | 'relay';
  draft: ItemDraft;
  update: (patch: Partial<ItemDraft>) => void;
  errors: FieldErrors;
}) {
  const { t } = useT();
  return (
    <>
      <CategorySelect
        id="categoryId"
        label={t(`${texts}.category`)}
        value={draft.categoryId}
        onValue={(categoryId) => update({ categoryId })}
        error={errors['categoryId']}
      />
      <TextField
        id="title"
        label={t(`${texts}.titleLabel`)}
        hint={t(`${texts}.titleHint`)}
        value={draft.title}
        onValue={(title) => update({ title })}
        error={errors['title']}
        required
      />
      <TextField
        multiline
        id="body"
        label={t(`${texts}.body`)}
        hint={t(`${texts}.bodyHint`)}
        value={draft.body}
        onValue={(body) => update({ body })}
        error={errors['body']}
        required
      />
    </>
  );
}

/** A new item's form: why sending failed, the fields, a word on the kept draft, the button. */
export function NewItemForm({
  submit,
  label,
  busyLabel,
  children,
}: {
  submit: Submit;
  label: string;
  busyLabel: string;
  children: ComponentChildren;
}) {
  const { t } = useT();
  return (
    <form class="card form" onSubmit={submit.onSubmit} noValidate>
      {submit.error && <ErrorAlert error={submit.error} />}
      {children}
      <p class="hint">{t('common.draftKept')}</p>
      <button type="submit" class="button button-primary button-block" disabled={submit.busy}>
        {submit.busy ? busyLabel : label}
      </button>
    </form>
  );
}
