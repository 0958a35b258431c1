import { Option, type Command } from 'commander';
import { loadConfig, type Config } from '../config/index.ts';
import {
  createSecretBox, loadSecretKey, migrate, openDatabase, type Database, type SecretBox,
} from '../storage/index.ts';

export interface StorageFlags {
  readonly db?: string;
  readonly config?: string;
}

/** --db and --config, shared by every command that touches storage; src/config/ reads their env twins. */
export function addStorageOptions(command: Command): Command {
  return command
    .addOption(new Option('--db <url>', 'database: sqlite:PATH or postgres://user:password@host:port/db (env GATEHOUSE_DB)'))
    .addOption(new Option('--config <file>', 'a JSON or YAML settings file (env GATEHOUSE_CONFIG)'));
}

export interface OpenedStorage {
  readonly config: Config;
  readonly database: Database;
  /** Present when opened with `{ key: true }`: only commands that seal or open secrets load the key. */
  readonly box?: SecretBox;
  readonly migrations: readonly string[];
}

/**
 * Loads the configuration, opens the database, applies pending migrations and loads the secret
 * key. Every storage command calls this, so the CLI can work on a fresh database or alongside a
 * running server on the same one.
 */
export async function openStorage(flags: Readonly<Record<string, unknown>>, file?: string, options: { key?: boolean } = {}): Promise<OpenedStorage> {
  const config = loadConfig({ flags, file });
  const database = await openDatabase(config.db);
  try {
    const { applied } = await migrate(database);
    // Loaded only when needed so that listing tenants never writes a key file as a side effect.
    const box = options.key ? createSecretBox(await loadSecretKey({ secretKey: config.secretKey, keyFile: config.keyFile })) : undefined;
    return { config, database, box, migrations: applied };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
