import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { inputGuard } from './input-guard.js';
import { resolvers } from './resolvers/index.js';
import { DateTimeScalar } from './types/scalars.js';

/**
 * type-graphql insists on a PubSub when a schema has subscriptions, but ours subscribe through
 * the event bus (`@Subscription({ subscribe })`); this one is never used.
 */
const unusedPubSub: PubSub = {
  publish() {
    throw new Error('Publish through the EventBus, not type-graphql PubSub.');
  },
  subscribe() {
    throw new Error('Subscribe through the EventBus, not type-graphql PubSub.');
  },
};

/**
 * The executable schema (code first). The same function feeds the server and emit-schema.
 * Object types are declared with `simpleResolvers: true` (type-graphql's documented option for
 * plain data fields: graphql-js's default resolver, no middleware per field); `@FieldResolver`s
 * and the root operations, where the auth checker runs, keep type-graphql's resolvers.
 */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    authChecker,
    authMode: 'error',
    validate: false,
    validateFn: inputGuard,
    emitSchemaFile: false,
    pubSub: unusedPubSub,
  });
}
