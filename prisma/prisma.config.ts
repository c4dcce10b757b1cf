// Where `prisma migrate deploy --config prisma/prisma.config.ts` works (a machine that can fetch the
// schema engine, the Docker image, the Helm migration Job), it applies the same migration files as our
// own applier (`npm run db:migrate`); both record in `_prisma_migrations`. See docs/persistence.md.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env['DATABASE_URL'] ?? '' },
});
