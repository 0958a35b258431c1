import { GatehouseError } from '../../errors/index.ts';
import { createActionModuleQueries, createActionModuleVersionQueries, type ActionModulePin, type Database } from '../../storage/index.ts';

/** How an Action names a module version (actions.md §9): by id or name, and by version id or number. */
export interface ModuleRef {
  readonly module_id?: string;
  readonly module_name?: string;
  readonly module_version_id?: string;
  readonly module_version_number?: number;
}

/** Resolves refs to exact pins; an unknown module or version is ACTION_INVALID. */
export async function resolveModulePins(database: Database, tenantId: string, refs: unknown): Promise<ActionModulePin[]> {
  if (refs === undefined) return [];
  if (!Array.isArray(refs)) throw new GatehouseError('ACTION_INVALID', 'modules must be a list of module version references.');
  const modules = createActionModuleQueries(database, tenantId);
  const versions = createActionModuleVersionQueries(database, tenantId);
  const pins: ActionModulePin[] = [];
  for (const ref of refs as ModuleRef[]) {
    const module = ref?.module_id !== undefined ? await modules.find(ref.module_id) : ref?.module_name !== undefined ? await modules.findByName(ref.module_name) : undefined;
    if (!module) throw new GatehouseError('ACTION_INVALID', `Unknown Action Module ${ref?.module_name ?? ref?.module_id ?? '(none given)'}.`);
    const version = ref.module_version_id !== undefined
      ? await versions.find(ref.module_version_id)
      : ref.module_version_number !== undefined ? await versions.findByNumber(module.id, ref.module_version_number) : undefined;
    if (!version || version.module_id !== module.id) {
      throw new GatehouseError('ACTION_INVALID', `Action Module ${module.name} has no published version ${ref.module_version_number ?? ref.module_version_id ?? '(none given)'}.`);
    }
    if (pins.some((p) => p.module_id === module.id)) throw new GatehouseError('ACTION_INVALID', `Action Module ${module.name} is pinned twice.`);
    pins.push({ module_id: module.id, module_name: module.name, module_version_id: version.id, module_version_number: version.number });
  }
  return pins;
}
