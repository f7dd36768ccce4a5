import { useEffect, useRef, useState } from 'preact/hooks';
import { CheckboxField, SelectField, TextField } from '../components/fields';
import { useQuery } from '../graphql/hooks';
import { categoryName, useT } from '../i18n';
import { activeFilters, hasFilters, type BoardFilters } from './filters';
import { FilterOptionsQuery } from './queries';

const SORTS = ['PRIORITY', 'OLDEST', 'NEWEST', 'TARGET', 'ME_TOO'] as const;

/** The board's filters. Every change goes into the URL, so a filtered board can be shared
 * and survives a reload. On a phone they fold away behind a button (the board comes
 * first); on a wider screen they are always shown and the button is not. */
export function Filters({
  filters,
  onChange,
}: {
  filters: BoardFilters;
  onChange: (filters: BoardFilters) => void;
}) {
  const { t, lang } = useT();
  const { data } = useQuery(FilterOptionsQuery);
  const [text, setText] = useState(filters.q);
  const [open, setOpen] = useState(false);
  // The filters as they are when the pause ends, not when the typing began.
  const latest = useRef(filters);
  latest.current = filters;

  // Typing searches after a short pause, not at every key.
  useEffect(() => {
    if (text === latest.current.q) return;
    const timer = setTimeout(() => onChange({ ...latest.current, q: text }), 350);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => setText(filters.q), [filters.q]);

  const set = (patch: Partial<BoardFilters>) => onChange({ ...filters, ...patch });
  const categories = (data?.categories ?? []).filter(
    (c) => !filters.team || c.team.id === filters.team,
  );

  const active = activeFilters(filters);
  return (
    <>
    <button
      type="button"
      class="button button-small filters-toggle"
      aria-expanded={open}
      aria-controls="board-filters"
      onClick={() => setOpen(!open)}
    >
      {active ? t('board.filtersActive', { count: active }) : t('board.filters')}
    </button>
    <form
      id="board-filters"
      class={open ? 'filters is-open' : 'filters'}
      role="search"
      aria-label={t('board.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        set({ q: text });
      }}
    >
      <SelectField id="filter-team" label={t('board.team')} value={filters.team} onValue={(team) => set({ team, category: '' })}>
        <option value="">{t('board.all')}</option>
        {data?.teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="filter-category"
        label={t('board.category')}
        value={filters.category}
        onValue={(category) => set({ category })}
      >
        <option value="">{t('board.all')}</option>
        {categories.map((category) => (
          <option key={category.id} value={category.id}>
            {categoryName(lang, category)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="filter-kind"
        label={t('board.kind')}
        value={filters.kind}
        onValue={(kind) => set({ kind: kind as BoardFilters['kind'] })}
      >
        <option value="">{t('board.all')}</option>
        <option value="GRIEVANCE">{t('kind.GRIEVANCE')}</option>
        <option value="CUSTOMER_ISSUE">{t('kind.CUSTOMER_ISSUE')}</option>
      </SelectField>
      <SelectField
        id="filter-assignee"
        label={t('board.assignee')}
        value={filters.assignee}
        onValue={(assignee) => set({ assignee })}
      >
        <option value="">{t('board.anyone')}</option>
        <option value="me">{t('board.me')}</option>
        <option value="none">{t('board.unassigned')}</option>
        {data?.boardAssignees.map((person) => (
          <option key={person.id} value={person.id}>
            {person.displayName}
          </option>
        ))}
      </SelectField>
      <TextField
        id="filter-text"
        type="search"
        label={t('board.text')}
        placeholder={t('board.textPlaceholder')}
        value={text}
        onValue={setText}
      />
      <SelectField
        id="filter-sort"
        label={t('board.sort')}
        value={filters.sort}
        onValue={(sort) => set({ sort: sort as BoardFilters['sort'] })}
      >
        {SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {t(`board.sortBy.${sort}`)}
          </option>
        ))}
      </SelectField>
      <CheckboxField
        id="filter-overdue"
        label={t('board.overdue')}
        checked={filters.overdue}
        onChecked={(overdue) => set({ overdue })}
      />
      {hasFilters(filters) && (
        <button
          type="button"
          class="button button-small button-quiet"
          onClick={() => {
            setText('');
            onChange({ ...filters, team: '', category: '', kind: '', assignee: '', overdue: false, q: '' });
          }}
        >
          {t('board.clear')}
        </button>
      )}
    </form>
    </>
  );
}
