import { readdirSync, readFileSync } from 'node:fs';
import 'reflect-metadata';
import { getIntrospectionQuery, parse, separateOperations, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import Fastify from 'fastify';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { toWireError } from './errors.js';
import { graphqlOnSend, QUERY_LIMITS, webSocketValidationRules } from './limits.js';
import { buildGraphQLSchema } from './schema.js';

/** The console's own documents (apps/web/src/graphql), one document per operation. */
function consoleOperations(): [string, DocumentNode][] {
  const dir = new URL('../../../web/src/graphql/', import.meta.url);
  const source = readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .map((name) => readFileSync(new URL(name, dir), 'utf8'))
    .join('\n');
  return Object.entries(separateOperations(parse(source)));
}

function errorsOf(schema: GraphQLSchema, query: string, introspection = true): string[] {
  let document;
  try {
    document = parse(query, { maxTokens: QUERY_LIMITS.maxTokens });
  } catch (error) {
    return [(error as Error).message];
  }
  const rules = [...specifiedRules, ...webSocketValidationRules({ introspection })];
  return validate(schema, document, rules).map((e) => e.message);
}

describe('query limits (graphql-armor rules, the same for HTTP and WebSocket)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGraphQLSchema();
  });

  it('let every operation of the console through', () => {
    const operations = consoleOperations();
    expect(operations.length).toBeGreaterThan(10);
    for (const [name, document] of operations) {
      const rules = [...specifiedRules, ...webSocketValidationRules({ introspection: true })];
      expect(
        validate(schema, document, rules).map((e) => e.message),
        name,
      ).toEqual([]);
    }
  });

  it('let the standard introspection query through for signed-in callers, unless introspection is off', () => {
    expect(errorsOf(schema, getIntrospectionQuery())).toEqual([]);
    expect(errorsOf(schema, getIntrospectionQuery(), false).join(' ')).toMatch(/introspection/i);
  });

  it('refuse an alias bomb, a deep introspection chain, many directives and many tokens', () => {
    const bomb = `{ ${Array.from({ length: 2_500 }, (_, i) => `a${i}: __schema { queryType { name } }`).join(' ')} }`;
    expect(errorsOf(schema, bomb).join(' ')).toMatch(/token|alias/i);
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`;
    expect(errorsOf(schema, aliases).join(' ')).toMatch(/aliases/i);
    let deep = 'name';
    for (let i = 0; i < 8; i++) deep = `fields { type { ${deep} } }`;
    expect(errorsOf(schema, `{ __schema { types { ${deep} } } }`).join(' ')).toMatch(/depth/i);
    const directives = `{ __typename ${'@include(if: true) '.repeat(21)}}`;
    expect(errorsOf(schema, directives).join(' ')).toMatch(/directives/i);
    expect(errorsOf(schema, `{ ${'__typename '.repeat(2_001)}}`).join(' ')).toMatch(/tokens/i);
  });
});

describe('the /graphql onSend hook', () => {
  it('adds Cache-Control: no-store and replaces a response over the size cap with BAD_USER_INPUT', async () => {
    const fastify = Fastify();
    const logger = pino({ level: 'silent' });
    const big = JSON.stringify({ data: { x: 'y'.repeat(QUERY_LIMITS.maxResponseBytes) } });
    fastify.route({
      method: 'GET',
      url: '/graphql',
      handler: async (request) => ((request.query as { big?: string }).big ? big : '{"data":{}}'),
      onSend: graphqlOnSend((error) => toWireError(error, logger)),
    });
    const small = await fastify.inject({ method: 'GET', url: '/graphql' });
    expect(small.statusCode).toBe(200);
    expect(small.headers['cache-control']).toBe('no-store');
    const capped = await fastify.inject({ method: 'GET', url: '/graphql?big=1' });
    expect(capped.statusCode).toBe(400);
    expect(capped.headers['cache-control']).toBe('no-store');
    expect(capped.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', reason: 'RESPONSE_TOO_LARGE' } }] });
    await fastify.close();
  });
});
