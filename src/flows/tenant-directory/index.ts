// auth0-deploy-cli's directory format (docs/local-development.md): read (with keyword
// replacement from an env file), apply to a tenant through the storage and engine libraries,
// collect a stored tenant back and write it. One job per file.
export type { TenantDirectory, Problem, ReadResult, DirectoryAction, DirectoryClient, DirectoryDatabase, DirectoryResourceServer, Json } from './types.ts';
export { parseEnvFile, formatEnvFile, type EnvFile } from './env-file.ts';
export { replaceKeywords, unresolvedKeywords, type Mappings } from './keywords.ts';
export { readTenantDirectory, type ReadOptions } from './read.ts';
export { applyTenantDirectory, type ApplyInput, type ApplyResult } from './apply.ts';
export type { ApplyDeps, Change } from './context.ts';
export { collectTenantDirectory, type Collected } from './collect.ts';
export { writeTenantDirectory, type WriteResult } from './write.ts';
export { sanitizeFileName } from './file-names.ts';
export { preinstallDependencies } from './preinstall.ts';
export { readTenantYaml } from './read-yaml.ts';
