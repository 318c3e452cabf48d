// `npm run db:generate` in this package regenerates the contract tests' fixture migration; write its
// `.down.sql` by hand. (A .js config, because ESLint's typed rules only cover src/ and test/.)
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './test/fixtures/schema.ts',
  out: './test/fixtures/migrations',
});
