import { CategoryFields } from '../graphql/fragments';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useQuery } from '../graphql/hooks';
import { categoryName, useT } from '../i18n';
import { errorMessage } from '../lib/errors';
import { SelectField } from './fields';

export const CategoriesQuery = graphql(
  `query Categories { categories { ...CategoryFields team { id name } } }`,
  [CategoryFields],
);

type Category = ResultOf<typeof CategoriesQuery>['categories'][number];

/** Categories grouped by the team they go to. */
function byTeam(categories: readonly Category[]): [string, Category[]][] {
  const groups = new Map<string, Category[]>();
  for (const category of categories) {
    const list = groups.get(category.team.name) ?? [];
    list.push(category);
    groups.set(category.team.name, list);
  }
  return [...groups.entries()];
}

export function CategorySelect({
  id,
  label,
  value,
  onValue,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
}) {
  const { t, lang } = useT();
  const { data, error: loadError, reload } = useQuery(CategoriesQuery);
  return (
    <>
      <SelectField
        id={id}
        label={label}
        value={value}
        onValue={onValue}
        error={error ?? (loadError ? errorMessage(t, loadError) : undefined)}
        required
      >
        <option value="">{data ? t('gripe.chooseCategory') : t('common.loading')}</option>
        {byTeam(data?.categories ?? []).map(([team, categories]) => (
          <optgroup label={team} key={team}>
            {categories.map((c) => (
              <option value={c.id} key={c.id}>
                {categoryName(lang, c)}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      {loadError && (
        <button type="button" class="button button-small" onClick={() => void reload()}>
          {t('common.retry')}
        </button>
      )}
    </>
  );
}
