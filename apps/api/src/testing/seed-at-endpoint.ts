import { seedAppBacklog, type BacklogOptions } from './seed-backlog.js';
import type { TestServer } from './test-server.js';
import type { TokenEndpoint } from './token-endpoint.js';

/** What a test chooses of a seeding: everything but what the server and the endpoint give. */
export type SeedAtEndpointOptions = Omit<BacklogOptions, 'workspaceId' | 'register' | 'refreshMarginSeconds' | 'tokenEndpoint'> &
  ({ tokenEndpoint: BacklogOptions['tokenEndpoint'] } | { path: string });

/**
 * Seeds connections into the test server's default workspace, their refresh tokens registered at
 * a local token endpoint (at `path` on it, or wherever `tokenEndpoint` says); their ids.
 */
export async function seedAtEndpoint(server: TestServer, endpoint: TokenEndpoint, options: SeedAtEndpointOptions): Promise<string[]> {
  const tokenEndpoint = 'path' in options ? () => `${endpoint.url}${options.path}` : options.tokenEndpoint;
  return seedAppBacklog(server.app, { ...options, tokenEndpoint, register: (token, expiresAt) => endpoint.register(token, expiresAt) });
}
