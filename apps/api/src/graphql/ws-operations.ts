/**
 * How graphql-ws runs one operation: parsed with the token limit and validated with the same
 * rules as HTTP (graphql-js's and graphql-armor's), before anything executes. A syntax or
 * validation error is an `error` message for that operation, never a closed socket; errors and
 * too-large results go through the one wire-error mapper (`format`, also used by the
 * subscription fan-out). A document that passed is kept (by its text) for the next socket that
 * sends it: thousands of consoles subscribe with the same few documents.
 */
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { toWireError, webSocketErrorFormatters } from './errors.js';
import { QUERY_LIMITS, responseTooLarge, webSocketValidationRules, type GraphQLLimits } from './limits.js';

type WsResult = Parameters<ReturnType<typeof webSocketErrorFormatters>['onNext']>[4];

export function webSocketOperations(schema: GraphQLSchema, logger: Logger, limits: GraphQLLimits) {
  const rules = [...specifiedRules, ...webSocketValidationRules(limits)];
  const errors = webSocketErrorFormatters(logger);
  const valid = new LRUCache<string, DocumentNode>({ max: 500 });
  const format = (result: WsResult): FormattedExecutionResult => {
    const formatted = errors.onNext(undefined, '', undefined, undefined, result) ?? (result as FormattedExecutionResult);
    if (Buffer.byteLength(JSON.stringify(formatted)) <= QUERY_LIMITS.maxResponseBytes) return formatted;
    return { errors: [toWireError(responseTooLarge(), logger)] };
  };
  return {
    format,
    onSubscribe: (_ctx: unknown, _id: string, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
      let document = valid.get(payload.query);
      if (document === undefined) {
        try {
          document = parse(payload.query, { maxTokens: QUERY_LIMITS.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The operation is not valid GraphQL.')];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) return invalid;
        valid.set(payload.query, document);
      }
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
      };
    },
    // As graphql-armor's block-field-suggestions plugin does for HTTP: no schema hints.
    onError: (ctx: unknown, id: string, payload: unknown, list: readonly GraphQLError[]) =>
      errors.onError(ctx, id, payload, list.map(withoutSuggestions)),
    onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: WsResult) => format(result),
  };
}

function withoutSuggestions(error: GraphQLError): GraphQLError {
  if (!/Did you mean /.test(error.message)) return error;
  return new GraphQLError(error.message.replace(/ ?Did you mean .+\?/g, ''), {
    nodes: error.nodes,
    extensions: error.extensions,
  });
}
