/**
 * The typed `graphql()` tag. Its types come from `graphql-env.d.ts`, which
 * `gql-tada generate output` writes from `graphql_schema/schema.graphql` on every build:
 * a schema change that breaks a document or its use fails `gql-tada check` or `tsc`.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Fragments are plain data here: the app is small enough not to need masking.
  disableMasking: true;
  scalars: { DateTime: string; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
