// Creates the example's legacy database (if missing) and seeds it with seed.sql.
//   node examples/legacy-postgres/seed.ts [postgres://postgres:postgres@127.0.0.1:5432/legacy_example]
import { readFile } from 'node:fs/promises';
import pg from 'pg';

export async function seedLegacyDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must be lowercase letters, digits and _: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const server = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await server.connect();
  try {
    const exists = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await server.query(`CREATE DATABASE ${name}`);
  } finally {
    await server.end();
  }
  const db = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await db.connect();
  try {
    await db.query(await readFile(new URL('./seed.sql', import.meta.url), 'utf8'));
  } finally {
    await db.end();
  }
}

if (import.meta.main) {
  const url = process.argv[2] ?? 'postgres://postgres:postgres@127.0.0.1:5432/legacy_example';
  await seedLegacyDatabase(url);
  console.log(`seeded ${new URL(url).pathname.slice(1)} (3 users)`);
}
