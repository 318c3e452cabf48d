import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` in this folder writes a new migration after src/db/schema.ts changed;
// write its `NNNN_tag.down.sql` by hand beside it (packages/db refuses a migration without one).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
  schemaFilter: ['analytics'],
});
