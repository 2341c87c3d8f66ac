/**
 * A minimal GraphQL-over-HTTP call for the session (who am I, sign in, sign out, workspaces), so
 * that the sign-in page needs no Apollo: the Apollo client loads only for signed-in pages.
 * Same transport as Apollo's HTTP link: cookie session, JSON POST, `X-Workspace`.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql/language/printer';

export type GraphQLRequest = <TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
) => Promise<TData>;

export interface GraphQLRequestOptions {
  url: string;
  workspace(): string;
  /** Told when the server cannot be reached, and when it answers. */
  connectivity?: { lost(): void; found(): void };
  fetch?: typeof fetch;
}

/** Rejects with `{ errors }` (GraphQL errors) or `{ networkError }`, the shapes `toApiProblem` reads. */
export function createGraphQLRequest(options: GraphQLRequestOptions): GraphQLRequest {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return async (document, variables) => {
    let response: Response;
    try {
      response = await doFetch(options.url, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', 'X-Workspace': options.workspace() },
        body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
      });
    } catch (networkError) {
      options.connectivity?.lost();
      throw { networkError };
    }
    options.connectivity?.found();
    const body = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: unknown[] };
    if (Array.isArray(body.errors) && body.errors.length > 0) throw { errors: body.errors };
    if (body.data === undefined || body.data === null) throw new Error(`The server answered ${response.status} without data.`);
    return body.data as never;
  };
}
