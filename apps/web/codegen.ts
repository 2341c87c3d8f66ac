import { existsSync, readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The console's typed documents come from the SDL the API emits
 * (packages/schema/schema.graphql). Until that file carries the additions the console uses,
 * the contract plus the local extensions stand in for it.
 */
const emitted = '../../packages/schema/schema.graphql';
const schema =
  existsSync(emitted) && readFileSync(emitted, 'utf8').includes('providerTemplates')
    ? [emitted]
    : ['../../packages/schema/contract.graphql', './schema-extensions.graphql'];

const config: CodegenConfig = {
  schema,
  documents: ['src/graphql/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        avoidOptionals: false,
      },
    },
  },
};

export default config;
