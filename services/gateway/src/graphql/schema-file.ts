/**
 * The committed schema file, services/gateway/schema.graphql: the built schema printed in a stable order
 * and formatted as the repository formats GraphQL (Prettier), so `npm run format:check` and the drift
 * test agree. Development tooling: the gateway never loads it at run time.
 */
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from './graphql-js.js';

export const committedSchemaPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** What schema.graphql must hold for `schema`. */
export async function schemaFileText(schema: GraphQLSchema): Promise<string> {
  const options = await resolveConfig(committedSchemaPath);
  return format(printSchema(lexicographicSortSchema(schema)), { ...options, parser: 'graphql' });
}
