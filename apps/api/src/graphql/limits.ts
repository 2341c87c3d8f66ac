/**
 * What one GraphQL operation may ask for, checked before anything executes (issue 9, finding 1):
 * introspection only for signed-in callers (or nobody, with GRAPHQL_INTROSPECTION=false); at
 * most so many aliases, directives, tokens, so much depth and cost (graphql-armor's validation
 * rules, the same for HTTP and graphql-ws); and a cap on the size of a response, in case a
 * legitimate-looking operation still produces too much.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorConfig } from '@escape.tech/graphql-armor-types';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  validate,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../services/errors.js';
import type { Context } from './context.js';

export interface GraphQLLimits {
  /** Signed-in callers may introspect the schema (anonymous callers never may). */
  introspection: boolean;
}

/** The console's largest operation is well inside each of these (see limits.test.ts). */
export const QUERY_LIMITS = {
  maxAliases: 15,
  maxDepth: 15,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxCost: 5_000,
  /** Largest response body (HTTP) or `next` payload (WebSocket), in bytes. */
  maxResponseBytes: 4 * 1024 * 1024,
} as const;

const armorConfig = (): GraphQLArmorConfig => ({
  maxAliases: { n: QUERY_LIMITS.maxAliases },
  // Depth counts introspection like any other selection (a deep `types { fields { type { fields
  // ...` chain multiplies), fragments flattened: the standard introspection query fits.
  maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: false, flattenFragments: true },
  maxDirectives: { n: QUERY_LIMITS.maxDirectives },
  // Tokens are limited by graphql-js's own parser (`maxTokens`): armor's token plugin throws
  // from Apollo's parsing hook, which Apollo answers with a 500.
  maxTokens: { enabled: false },
  // The static cost of the standard introspection query is far above any real operation's:
  // introspection is bounded by depth, aliases and tokens instead.
  costLimit: { maxCost: QUERY_LIMITS.maxCost, flattenFragments: true },
  blockFieldSuggestion: { enabled: true },
});

/** Apollo options enforcing the limits on HTTP requests. */
export function apolloLimits(): {
  parseOptions: { maxTokens: number };
  plugins: ApolloServerPlugin<Context>[];
  validationRules: ValidationRule[];
} {
  const armor = new ApolloArmor(armorConfig()).protect();
  return {
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    plugins: [...(armor.plugins as ApolloServerPlugin<Context>[]), anonymousIntrospectionRefused()],
    // Apollo adds graphql-js's NoSchemaIntrospectionCustomRule itself when introspection is off.
    validationRules: armor.validationRules,
  };
}

/** The validation rules (besides graphql-js's own) for operations over graphql-ws. */
export function webSocketValidationRules(limits: GraphQLLimits): ValidationRule[] {
  const rules = [...new ApolloArmor(armorConfig()).protect().validationRules];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/** Anonymous callers get UNAUTHENTICATED for `__schema` and `__type`, before execution. */
function anonymousIntrospectionRefused(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema }) {
          if (contextValue.principal) return;
          if (validateIntrospection(schema, document).length === 0) return;
          throw new GraphQLError('Sign in to introspect the schema.', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        },
      };
    },
  };
}

function validateIntrospection(schema: GraphQLSchema, document: Parameters<typeof validate>[1]) {
  return validate(schema, document, [NoSchemaIntrospectionCustomRule]);
}

/** The same answer for a too-large response on HTTP and WebSocket. */
export function responseTooLarge(): ServiceError {
  return new ServiceError(
    'BAD_USER_INPUT',
    `The response would be larger than ${QUERY_LIMITS.maxResponseBytes} bytes; ask for less (e.g. a smaller "first").`,
    { reason: 'RESPONSE_TOO_LARGE' },
  );
}

/**
 * Fastify `onSend` for /graphql: `Cache-Control: no-store` on every answer (they carry
 * workspace data), and a response over the size cap replaced by a BAD_USER_INPUT error.
 */
export function graphqlOnSend(toWire: (error: ServiceError) => GraphQLFormattedError) {
  return async (_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    void reply.header('cache-control', 'no-store');
    const size = typeof payload === 'string' || Buffer.isBuffer(payload) ? Buffer.byteLength(payload) : 0;
    if (size <= QUERY_LIMITS.maxResponseBytes) return payload;
    void reply.code(400).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ errors: [toWire(responseTooLarge())] });
  };
}
