import { CategoryFields, TimelineFields } from '../graphql/fragments';
import { graphql, type ResultOf } from '../graphql/graphql';

export const STATUSES = [
  'NEW',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'WAITING_FOR_INFO',
  'RESOLVED',
  'DECLINED',
  'CLOSED',
] as const;
export type Status = (typeof STATUSES)[number];

/** Moves whose message is owed to someone: the API refuses them without one. */
export const NEEDS_MESSAGE: ReadonlySet<Status> = new Set(['WAITING_FOR_INFO', 'RESOLVED', 'DECLINED']);

export const CardFields = graphql(
  `
  fragment CardFields on Item {
    id
    reference
    kind
    title
    status
    priority
    createdAt
    targetState
    version
    isAnonymous
    messageCount
    meTooCount
    allowedTransitions
    team { id name }
    category { ...CategoryFields }
    assignee { id displayName }
  }
`,
  [CategoryFields],
);

export const ColumnFields = graphql(
  `
  fragment ColumnFields on ItemConnection {
    totalCount
    totalCountIsExact
    pageInfo { hasNextPage endCursor }
    edges { node { ...CardFields } }
  }
`,
  [CardFields],
);

/** Every column's first page in one request: one `board` field per status. */
export const BoardColumnsQuery = graphql(
  `
  query BoardColumns(
    $sort: BoardSort!
    $first: Int!
    $new: BoardFilterInput!
    $acknowledged: BoardFilterInput!
    $inProgress: BoardFilterInput!
    $waitingForInfo: BoardFilterInput!
    $resolved: BoardFilterInput!
    $declined: BoardFilterInput!
    $closed: BoardFilterInput!
  ) {
    NEW: board(filter: $new, sort: $sort, first: $first) { ...ColumnFields }
    ACKNOWLEDGED: board(filter: $acknowledged, sort: $sort, first: $first) { ...ColumnFields }
    IN_PROGRESS: board(filter: $inProgress, sort: $sort, first: $first) { ...ColumnFields }
    WAITING_FOR_INFO: board(filter: $waitingForInfo, sort: $sort, first: $first) { ...ColumnFields }
    RESOLVED: board(filter: $resolved, sort: $sort, first: $first) { ...ColumnFields }
    DECLINED: board(filter: $declined, sort: $sort, first: $first) { ...ColumnFields }
    CLOSED: board(filter: $closed, sort: $sort, first: $first) { ...ColumnFields }
  }
`,
  [ColumnFields],
);

/** The next page of one column. */
export const BoardColumnQuery = graphql(
  `
  query BoardColumn($filter: BoardFilterInput!, $sort: BoardSort!, $first: Int!, $after: String) {
    board(filter: $filter, sort: $sort, first: $first, after: $after) { ...ColumnFields }
  }
`,
  [ColumnFields],
);

export const FilterOptionsQuery = graphql(
  `
  query BoardFilterOptions {
    teams { id name }
    categories { ...CategoryFields team { id } }
    boardAssignees { id displayName }
  }
`,
  [CategoryFields],
);

export const PanelFields = graphql(
  `
  fragment PanelFields on Item {
    ...CardFields
    body
    createdAt
    acknowledgeDueAt
    resolveDueAt
    viewerCanTriage
    concern { acknowledgeBy acknowledgedAt feedbackBy feedbackAt }
    submitter { displayName }
    customer { name email locale emailsStopped consentAt }
    timeline { ...TimelineFields }
  }
`,
  [CardFields, TimelineFields],
);

export const PanelQuery = graphql(
  `
  query BoardItem($id: ID!) {
    item(id: $id) { ...PanelFields }
    assignablePeople(itemId: $id) { id displayName }
  }
`,
  [PanelFields],
);

export const TransitionMutation = graphql(
  `
  mutation TransitionItem(
    $id: ID!
    $to: Status!
    $message: String
    $visibility: Visibility
    $expectedVersion: Int
  ) {
    transitionItem(
      id: $id
      to: $to
      message: $message
      visibility: $visibility
      expectedVersion: $expectedVersion
    ) { ...PanelFields }
  }
`,
  [PanelFields],
);

export const AssignMutation = graphql(
  `
  mutation AssignItem($id: ID!, $assigneeId: ID, $expectedVersion: Int) {
    assignItem(id: $id, assigneeId: $assigneeId, expectedVersion: $expectedVersion) { ...PanelFields }
  }
`,
  [PanelFields],
);

export const PriorityMutation = graphql(
  `
  mutation SetPriority($id: ID!, $priority: Priority!, $expectedVersion: Int) {
    setPriority(id: $id, priority: $priority, expectedVersion: $expectedVersion) { ...PanelFields }
  }
`,
  [PanelFields],
);

export const MessageMutation = graphql(
  `
  mutation AddMessage($id: ID!, $body: String!, $visibility: Visibility!) {
    addMessage(id: $id, body: $body, visibility: $visibility) { ...PanelFields }
  }
`,
  [PanelFields],
);

export type Card = ResultOf<typeof CardFields>;
export type PanelItem = ResultOf<typeof PanelFields>;
export type Column = ResultOf<typeof ColumnFields>;
export type Visibility = 'INTERNAL' | 'SUBMITTER' | 'PUBLIC';
export type Priority = Card['priority'];
export const PRIORITIES: readonly Priority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];

export const DuplicatesQuery = graphql(
  `
  query PossibleDuplicates($id: ID!) {
    possibleDuplicates(id: $id) { id reference title status meTooCount }
  }
`,
);

export const MergeMutation = graphql(
  `
  mutation MergeItem($id: ID!, $into: ID!, $expectedVersion: Int) {
    mergeItem(id: $id, intoId: $into, expectedVersion: $expectedVersion) { ...PanelFields }
  }
`,
  [PanelFields],
);
