// The auth0-deploy-cli directory format in memory (docs/local-development.md "Directory format").
// Objects keep every field of their JSON file, so what Gatehouse does not act on survives a
// round trip; scripts and Action code are held as source text, already keyword-replaced.

export type Json = Record<string, unknown>;

/** One line a person can act on: which file, what is wrong with it. The rest still loads. */
export interface Problem {
  /** Path relative to the directory (forward slashes). */
  readonly file: string;
  readonly message: string;
}

export interface DirectoryClient {
  readonly file: string;
  readonly data: Json;
}

export interface DirectoryResourceServer {
  readonly file: string;
  readonly data: Json;
}

export interface DirectoryDatabase {
  /** database-connections/<folder>/database.json */
  readonly file: string;
  /** database.json with `options.customScripts` removed (the scripts are below). */
  readonly data: Json;
  /** Script name (login, get_user, …) → source. */
  readonly scripts: Readonly<Record<string, string>>;
}

export interface DirectoryAction {
  /** actions/<name>.json */
  readonly file: string;
  /** The JSON without `code`. */
  readonly data: Json;
  readonly code: string;
  /** Where the code came from (relative path), for messages and the watcher. */
  readonly codeFile: string;
}

export interface TenantDirectory {
  readonly tenant?: Json;
  readonly clients: readonly DirectoryClient[];
  readonly resourceServers: readonly DirectoryResourceServer[];
  readonly databases: readonly DirectoryDatabase[];
  readonly actions: readonly DirectoryAction[];
  /** triggers/triggers.json: trigger id → bound Actions in order. */
  readonly triggers?: Readonly<Record<string, ReadonlyArray<{ action_name: string; display_name?: string }>>>;
}

export interface ReadResult {
  readonly directory: TenantDirectory;
  readonly problems: readonly Problem[];
}
