import type { Kysely } from 'kysely';
import * as m001 from './001-initial.ts';
import * as m010 from './010-oauth.ts';
import * as m020 from './020-native-db.ts';
import * as m040 from './040-actions.ts';
import * as m050 from './050-action-flows.ts';
import * as m060 from './060-management-extras.ts';

export interface Migration {
  up(db: Kysely<any>): Promise<void>;
}

export interface MigrationProvider {
  /** Migrations by name; they run in name order, so names start with a zero-padded number. */
  getMigrations(): Promise<Record<string, Migration>>;
}

// Listed by hand rather than read from the folder: the set is part of the code that ships,
// and a stray file in a deployment must not become a migration.
const builtIn: Record<string, Migration> = {
  '001-initial': m001,
  '010-oauth': m010,
  '020-native-db': m020,
  '040-actions': m040,
  '050-action-flows': m050,
  '060-management-extras': m060,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => builtIn,
};
