import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type PubSub } from 'type-graphql';
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
 * type-graphql wraps every object field in a resolver that allocates its own resolver data
 * (for middlewares and field-level auth, neither of which we use on object fields). Plain
 * property fields get graphql-js's default resolver instead; `@FieldResolver`s and the root
 * operations (where the auth checker runs) keep theirs.
 */
function useDefaultFieldResolvers(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const resolved = new Set<string>();
  for (const resolver of storage.fieldResolvers) {
    const target = resolver.getObjectType?.() ?? resolver.target;
    const type = storage.objectTypes.find((candidate) => candidate.target === target);
    if (type) resolved.add(`${type.name}.${resolver.schemaName}`);
  }
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map((t) => t?.name));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!resolved.has(`${type.name}.${field.name}`)) field.resolve = undefined;
    }
  }
  return schema;
}

/** The executable schema (code first). The same function feeds the server and emit-schema. */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return useDefaultFieldResolvers(await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    authChecker,
    authMode: 'error',
    validate: false,
    validateFn: inputGuard,
    emitSchemaFile: false,
    pubSub: unusedPubSub,
  }));
}
