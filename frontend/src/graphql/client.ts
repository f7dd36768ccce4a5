/**
 * One way to talk to the API: POST JSON to /graphql, with the session cookie.
 *
 * A normalised cache (urql, Apollo) would cost more bytes than all our pages together
 * and we refetch deliberately after each change, so this is a typed `fetch`: the
 * document's types flow from gql.tada into the result and the variables.
 */
import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';

/** The API's error codes (`extensions.code`), and what can go wrong before it answers. */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'STALE_VERSION'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NETWORK'
  | 'TOO_LARGE'
  | 'GRAPHQL_VALIDATION_FAILED';

const KNOWN: ReadonlySet<string> = new Set([
  'VALIDATION',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'STALE_VERSION',
  'RATE_LIMITED',
  'INTERNAL',
  'GRAPHQL_VALIDATION_FAILED',
]);

export class ApiError extends Error {
  readonly code: ErrorCode;
  /** VALIDATION: field (as named in the GraphQL input) → the server's message. */
  readonly fields: Record<string, string>;
  /** RATE_LIMITED: seconds to wait. */
  readonly retryAfter: number | null;
  /** STALE_VERSION: the item's version now. */
  readonly currentVersion: number | null;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    const fields = extensions['fields'];
    this.fields = fields && typeof fields === 'object' ? (fields as Record<string, string>) : {};
    const retry = extensions['retryAfter'];
    this.retryAfter = typeof retry === 'number' ? retry : null;
    const version = extensions['currentVersion'];
    this.currentVersion = typeof version === 'number' ? version : null;
  }
}

/** Whatever a request threw, as an ApiError: anything unexpected is INTERNAL. */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError('INTERNAL', String(caught));
}

interface GraphQLErrorJSON {
  message?: string;
  extensions?: Record<string, unknown>;
}

const printed = new WeakMap<object, string>();

function source(document: object): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document as Parameters<typeof print>[0]);
    printed.set(document, text);
  }
  return text;
}

type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export async function request<R, V>(
  document: TadaDocumentNode<R, V>,
  ...[variables]: VariablesArg<V>
): Promise<R> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: source(document), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('NETWORK', 'The server could not be reached.');
  }
  if (response.status === 413) throw new ApiError('TOO_LARGE', 'Too large.');
  let body: { data?: R | null; errors?: GraphQLErrorJSON[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(response.status >= 500 ? 'INTERNAL' : 'NETWORK', response.statusText);
  }
  const first = body.errors?.[0];
  if (first) {
    const extensions = first.extensions ?? {};
    const code = String(extensions['code'] ?? 'INTERNAL');
    throw new ApiError(
      (KNOWN.has(code) ? code : 'INTERNAL') as ErrorCode,
      first.message ?? '',
      extensions,
    );
  }
  if (!response.ok || body.data == null) {
    throw new ApiError('INTERNAL', response.statusText);
  }
  return body.data;
}
