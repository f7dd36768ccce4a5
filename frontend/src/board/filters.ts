import type { VariablesOf } from '../graphql/graphql';
import type { BoardColumnQuery } from './queries';

/** The board's filters as they stand in the URL (`/board?team=2&overdue=1&q=coffee`). */
export interface BoardFilters {
  team: string;
  category: string;
  kind: '' | 'GRIEVANCE' | 'CUSTOMER_ISSUE';
  /** '' anyone, 'me', 'none' (unassigned), or a person's id. */
  assignee: string;
  overdue: boolean;
  q: string;
  sort: 'PRIORITY' | 'OLDEST' | 'NEWEST' | 'TARGET' | 'ME_TOO';
}

type FilterInput = VariablesOf<typeof BoardColumnQuery>['filter'];

const SORTS = ['PRIORITY', 'OLDEST', 'NEWEST', 'TARGET', 'ME_TOO'] as const;

export function filtersFromQuery(query: Record<string, string>): BoardFilters {
  const kind = query['kind'];
  const sort = query['sort'];
  return {
    team: query['team'] ?? '',
    category: query['category'] ?? '',
    kind: kind === 'GRIEVANCE' || kind === 'CUSTOMER_ISSUE' ? kind : '',
    assignee: query['assignee'] ?? '',
    overdue: query['overdue'] === '1',
    q: query['q'] ?? '',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as BoardFilters['sort']) : 'PRIORITY',
  };
}

/** The URL for these filters, keeping the open item (if any). */
export function boardUrl(filters: BoardFilters, item?: string | null): string {
  const params = new URLSearchParams();
  if (filters.team) params.set('team', filters.team);
  if (filters.category) params.set('category', filters.category);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.overdue) params.set('overdue', '1');
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.sort !== 'PRIORITY') params.set('sort', filters.sort);
  if (item) params.set('item', item);
  const search = params.toString();
  return search ? `/board?${search}` : '/board';
}

/** How many filters narrow the board (the sort is not one). */
export function activeFilters(filters: BoardFilters): number {
  return [
    filters.team,
    filters.category,
    filters.kind,
    filters.assignee,
    filters.overdue,
    filters.q.trim(),
  ].filter(Boolean).length;
}

export function hasFilters(filters: BoardFilters): boolean {
  return activeFilters(filters) > 0;
}

/** What the API needs, for one column (status) of the board. */
export function filterInput(filters: BoardFilters, meId: string, status: string): FilterInput {
  const input: FilterInput = { statuses: [status as NonNullable<FilterInput['statuses']>[number]] };
  if (filters.team) input.teamIds = [filters.team];
  if (filters.category) input.categoryIds = [filters.category];
  if (filters.kind) input.kinds = [filters.kind];
  if (filters.assignee === 'none') input.unassigned = true;
  else if (filters.assignee === 'me') input.assigneeIds = [meId];
  else if (filters.assignee) input.assigneeIds = [filters.assignee];
  if (filters.overdue) input.overdue = true;
  if (filters.q.trim()) input.text = filters.q.trim();
  return input;
}
