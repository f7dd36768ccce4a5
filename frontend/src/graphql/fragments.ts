import { graphql } from './graphql';

export const MeFields = graphql(`
  fragment MeFields on Me {
    id
    displayName
    email
    role
    locale
    isManager
  }
`);

export const TimelineFields = graphql(`
  fragment TimelineFields on TimelineEntry {
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

export const CategoryFields = graphql(`
  fragment CategoryFields on Category {
    id
    nameEn
    nameNl
  }
`);

/** What the employee's own item page shows. */
export const OwnItemFields = graphql(
  `
  fragment OwnItemFields on Item {
    id
    reference
    kind
    title
    body
    status
    createdAt
    acknowledgeDueAt
    resolveDueAt
    targetState
    viewerCanTriage
    isAnonymous
    team {
      name
    }
    category {
      ...CategoryFields
    }
    assignee {
      displayName
    }
    customer {
      name
    }
    viewerCanGiveFeedback
    timeline {
      ...TimelineFields
    }
  }
`,
  [CategoryFields, TimelineFields],
);
