/** What `/graphql` (HTTP and WebSocket) needs from the composition root. */
import type { Logger } from 'pino';
import type { AuthService } from '../auth/index.js';
import type { Orm } from '../persistence/orm.js';
import type { Services } from '../services/index.js';
import type { GraphQLSettings } from './context.js';
import type { GraphQLLimits } from './limits.js';

export interface GraphQLDeps {
  orm: Orm;
  services: Services;
  auth: AuthService;
  logger: Logger;
  settings: GraphQLSettings;
  limits: GraphQLLimits;
}
