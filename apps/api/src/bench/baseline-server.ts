/**
 * The baseline: a stock Apollo Server 5 (`startStandaloneServer`, default plugins) answering the
 * same query shape with a constant. Prints its BenchTarget as one JSON line.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { BenchTarget } from './query.js';

const typeDefs = `#graphql
  scalar DateTime
  enum AuthorizationStatus { AUTHORIZED NOT_AUTHORIZED REAUTHORIZATION_REQUIRED }
  type Authorization {
    connectionCode: String!
    status: AuthorizationStatus!
    tokenExpiresAt: DateTime
    lastAuthorizedAt: DateTime
    authorizedBy: String
    lastRefreshedAt: DateTime
    refreshTokenExpiresAt: DateTime
    grantedScopes: [String!]!
    statusReason: String
  }
  type Query { authorization(connectionCode: String!): Authorization! }
`;

const constant = {
  connectionCode: 'CRM',
  status: 'AUTHORIZED',
  tokenExpiresAt: '2026-11-28T05:00:00.000Z',
  lastAuthorizedAt: '2026-11-28T04:00:00.000Z',
  authorizedBy: 'Alice',
  lastRefreshedAt: '2026-11-28T04:30:00.000Z',
  refreshTokenExpiresAt: null,
  grantedScopes: ['openid', 'api.read'],
  statusReason: null,
};

const server = new ApolloServer({ typeDefs, resolvers: { Query: { authorization: () => constant } } });
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
const target: BenchTarget = {
  url: new URL('/', url).href.replace(/\/$/, ''),
  headers: { 'content-type': 'application/json' },
  code: 'CRM',
};
process.stdout.write(`${JSON.stringify(target)}\n`);
