/**
 * The package boundary is held by lint (docs/style.md, principle 2): oauth-core never imports Apollo,
 * type-graphql, MikroORM, Vue or graphql, and never reads process.env. These tests run the
 * repository's real ESLint configuration on code placed inside oauth-core, so a weakened rule
 * fails here.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

async function ruleIdsFor(code: string, file = 'packages/oauth-core/src/protocol/probe.ts') {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${file}` });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

describe('oauth-core lint boundaries', () => {
  it.each([
    ["import { ApolloServer } from '@apollo/server';"],
    ["import { Resolver } from 'type-graphql';"],
    ["import { Entity } from '@mikro-orm/core';"],
    ["import { ref } from 'vue';"],
    ["import { GraphQLError } from 'graphql';"],
    ["import { x } from '@grantkeeper/schema';"],
  ])('rejects %s', async (source) => {
    const ids = await ruleIdsFor(`${source}\nexport const used = [${source.match(/\{ (\w+) \}/)?.[1]}];\n`);
    expect(ids).toContain('no-restricted-imports');
  });

  it('rejects reading process.env', async () => {
    const ids = await ruleIdsFor('export const port = process.env.PORT;\n');
    expect(ids.some((id) => id === 'no-restricted-globals' || id === 'no-restricted-properties')).toBe(true);
  });

  it('accepts what oauth-core may use', async () => {
    const ids = await ruleIdsFor(
      "import { createHash } from 'node:crypto';\nimport * as client from 'openid-client';\nexport const used = [createHash, client];\n",
    );
    expect(ids).toEqual([]);
  });

  it('lets the API import those frameworks', async () => {
    const ids = await ruleIdsFor(
      "import { GraphQLError } from 'graphql';\nexport const used = [GraphQLError, process.env.PORT];\n",
      'apps/api/src/probe.ts',
    );
    expect(ids).toEqual([]);
  });
});
