import { readFileSync } from 'node:fs';
import { Authorized, Field, ObjectType, Query, Resolver } from 'type-graphql';

@ObjectType({ description: 'About this Grantkeeper server.' })
export class ServerInfo {
  @Field(() => String, { description: "The server's version (apps/api package.json), e.g. 0.1.0." }) version!: string;
}

/** Read once: the package.json beside `src/` and `dist/` (both are one level below it). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

const serverInfo: ServerInfo = Object.freeze({ version: packageVersion() });

@Resolver()
export class ServerInfoResolver {
  @Authorized('VIEWER')
  @Query(() => ServerInfo, { description: 'Signed-in callers only.' })
  serverInfo(): ServerInfo {
    return serverInfo;
  }
}
