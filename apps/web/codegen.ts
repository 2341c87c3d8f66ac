import type { CodegenConfig } from '@graphql-codegen/cli';

/** The console's typed documents, from the SDL the API emits (packages/schema/schema.graphql). */
const config: CodegenConfig = {
  schema: '../../packages/schema/schema.graphql',
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
      },
    },
  },
};

export default config;
