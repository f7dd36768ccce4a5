/**
 * The anonymous channel's documents (`POST /graphql/anonymous`, sent with
 * `credentials: 'omit'`): a `graphql()` of their own, typed from
 * `graphql_schema/anonymous.graphql` (gql.tada's multi-schema set-up in tsconfig.json), so
 * a document of the anonymous screens cannot ask for anything of the session's schema,
 * and `gql-tada check` proves it. Send them with `{ channel: 'anonymous' }`.
 *
 * Fragments cannot cross schemas: the few shared shapes are written again here, with
 * the same selections as their twins in `fragments.ts`, so the same components show them.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-anonymous-env.d.ts';

export const anonymousGraphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: { DateTime: string; ID: string };
}>();

export type { ResultOf } from 'gql.tada';

export const AnonymousCategoryFields = anonymousGraphql(`
  fragment AnonymousCategoryFields on Category {
    id
    nameEn
    nameNl
  }
`);

/** The same selection as `TimelineFields` (fragments.ts): the Timeline shows either. */
export const AnonymousTimelineFields = anonymousGraphql(`
  fragment AnonymousTimelineFields on TimelineEntry {
    id
    type
    at
    visibility
    actor {
      kind
      name
      isSubmitter
    }
    fromStatus
    toStatus
    message
    assignee {
      displayName
    }
    priority
    solved
    viaEmail
    attachmentsLeftOut
  }
`);

export const AnonymousItemFields = anonymousGraphql(
  `
  fragment AnonymousItemFields on AnonymousItem {
    reference
    kind
    title
    body
    status
    createdAt
    acknowledgeDueAt
    resolveDueAt
    targetState
    filed
    unseenUpdates
    canReply
    repliesOnTheirWay
    team {
      name
    }
    category {
      ...AnonymousCategoryFields
    }
    timeline {
      ...AnonymousTimelineFields
    }
  }
`,
  [AnonymousCategoryFields, AnonymousTimelineFields],
);

export const AnonymousCategoriesQuery = anonymousGraphql(
  `query AnonymousCategories { categories { ...AnonymousCategoryFields team { id name } } }`,
  [AnonymousCategoryFields],
);
