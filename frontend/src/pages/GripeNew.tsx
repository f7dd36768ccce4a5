import { useLocation } from 'preact-iso';
import { ItemFields, NewItemForm, checkItem } from '../components/NewItemForm';
import { Page } from '../components/Page';
import { CheckboxField } from '../components/fields';
import { SimilarItems } from '../components/SimilarItems';
import { graphql } from '../graphql/graphql';
import { useT } from '../i18n';
import { ANONYMOUS_GRIPE_PATH } from '../lib/anonymousScreens';
import { useDraft } from '../lib/drafts';
import { setFlash } from '../lib/flash';
import { useSubmit } from '../lib/forms';

const SubmitGrievance = graphql(`
  mutation SubmitGrievance($input: SubmitGrievanceInput!) {
    submitGrievance(input: $input) { item { id reference } }
  }
`);

/** The draft both gripe forms share, so switching between named and anonymous keeps it. */
export const GRIPE_DRAFT = 'gripe';
export const EMPTY_GRIPE = { categoryId: '', title: '', body: '', shared: false, sharedByName: false };

/** A gripe by name. "Send anonymously" goes over to the anonymous form, draft and all. */
export function GripeNew() {
  const { t } = useT();
  const { route } = useLocation();
  const [draft, update, clear] = useDraft(GRIPE_DRAFT, EMPTY_GRIPE);
  const submit = useSubmit({
    check: () => checkItem(t, draft),
    send: (mutate) => {
      const { categoryId, title, body, shared, sharedByName } = draft;
      return mutate(SubmitGrievance, {
        input: { categoryId, title, body, shared, sharedByName: shared && sharedByName },
      });
    },
    sent: ({ submitGrievance: sent }) => {
      clear();
      setFlash(t('gripe.sentNamed'));
      route(`/items/${sent.item.id}`);
    },
  });

  return (
    <Page title={t('gripe.title')} lead={t('gripe.intro')}>
      <NewItemForm submit={submit} busyLabel={t('gripe.sending')} label={t('gripe.submit')}>
        <ItemFields texts="gripe" draft={draft} update={update} errors={submit.errors} />
        <SimilarItems
          title={draft.title}
          onMeToo={(id) => {
            clear();
            setFlash(t('shared.sentMeToo'));
            route(`/shared/${id}`);
          }}
        />
        <ShareFields draft={draft} update={update} named />
        <div class="anonymity">
          <CheckboxField
            id="anonymous"
            label={t('gripe.anonymous')}
            checked={false}
            onChecked={(anonymous) => anonymous && route(ANONYMOUS_GRIPE_PATH)}
          />
          <p class="hint">{t('gripe.namedNote')}</p>
        </div>
      </NewItemForm>
    </Page>
  );
}

/** Sharing with colleagues: they may see it and say "me too"; the name only if asked. */
export function ShareFields({
  draft,
  update,
  named = false,
}: {
  draft: { shared: boolean; sharedByName: boolean };
  update: (patch: { shared?: boolean; sharedByName?: boolean }) => void;
  named?: boolean;
}) {
  const { t } = useT();
  return (
    <div class="share">
      <CheckboxField
        id="shared"
        label={t('shared.shareLabel')}
        checked={draft.shared}
        onChecked={(shared) => update({ shared })}
      />
      <p class="hint">{t('shared.shareHint')}</p>
      {named && draft.shared && (
        <CheckboxField
          id="sharedByName"
          label={t('shared.shareName')}
          checked={draft.sharedByName}
          onChecked={(sharedByName) => update({ sharedByName })}
        />
      )}
    </div>
  );
}
