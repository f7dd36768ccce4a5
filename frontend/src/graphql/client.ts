/**
 * One way to talk to the API: POST JSON to a GraphQL endpoint, on one of two channels.
 *
 * - `session` (the default): `/graphql`, with the session cookie.
 * - `anonymous`: `/graphql/anonymous`, with `credentials: 'omit'`, so the browser sends
 *   no cookie at all: what an anonymous screen asks can never be tied to a session.
 *
 * Pages do not call `request` themselves: they load through `useQuery` and change through
 * `useMutation` (`hooks.ts`), which take the channel as an option. This is a typed `fetch`
 * rather than a kept client (urql, Apollo): see docs/architecture.md for the measurement
 * and the reasons.
 */
import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import type { graphql } from './graphql';

/** The codes the server sends (`extensions.code`): the schema's `ErrorCode` enum. */
export type ErrorCode = ReturnType<typeof graphql.scalar<'ErrorCode'>>;
/** A server's code, or NETWORK: the server could not be reached, or did not answer in JSON. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

export type Channel = 'session' | 'anonymous';

const ENDPOINTS: Record<Channel, { url: string; credentials: RequestCredentials }> = {
  session: { url: '/graphql', credentials: 'same-origin' },
  anonymous: { url: '/graphql/anonymous', credentials: 'omit' },
};

export interface RequestOptions {
  channel?: Channel;
}

export class ApiError extends Error {
  /** As the server sent it; a code newer than this app is shown as INTERNAL (lib/errors.ts). */
  readonly code: ApiErrorCode;
  /** VALIDATION: field (as named in the GraphQL input) → the server's message. */
  readonly fields: Record<string, string>;
  /** RATE_LIMITED: seconds to wait. */
  readonly retryAfter: number | null;
  /** STALE_VERSION: the item's version now. */
  readonly currentVersion: number | null;

  constructor(code: ApiErrorCode, message: string, extensions: Record<string, unknown> = {}) {
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

/** A document's variables: optional when it has none that are required. */
export type VariablesArg<V, Rest extends unknown[] = []> =
  Record<string, never> extends V ? [variables?: V, ...rest: Rest] : [variables: V, ...rest: Rest];

/** Sends one operation; resolves to its data, or throws an ApiError. */
export async function request<R, V>(
  document: TadaDocumentNode<R, V>,
  ...[variables, options]: VariablesArg<V, [options?: RequestOptions]>
): Promise<R> {
  const endpoint = ENDPOINTS[options?.channel ?? 'session'];
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      credentials: endpoint.credentials,
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: source(document), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('NETWORK', 'The server could not be reached.');
  }
  // Ours says so in JSON too; a proxy in front may answer 413 in HTML.
  if (response.status === 413) throw new ApiError('REQUEST_TOO_LARGE', 'Too large.');
  let body: { data?: R | null; errors?: GraphQLErrorJSON[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(response.status >= 500 ? 'INTERNAL' : 'NETWORK', response.statusText);
  }
  const first = body.errors?.[0];
  if (first) {
    const extensions = first.extensions ?? {};
    const code = extensions['code'];
    throw new ApiError(
      typeof code === 'string' ? (code as ErrorCode) : 'INTERNAL',
      first.message ?? '',
      extensions,
    );
  }
  if (!response.ok || body.data == null) {
    throw new ApiError('INTERNAL', response.statusText);
  }
  return body.data;
}
