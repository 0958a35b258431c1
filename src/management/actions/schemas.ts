import { z } from 'zod';
import { pagingQuery } from '../pagination.ts';

// Auth0's Action objects. Validation of what an Action may contain (trigger versions, exact
// dependency versions, secret sizes, code size and syntax) is the Actions engine's; these
// schemas fix the shape of the request and the answer.

const trigger = z.strictObject({ id: z.string().min(1).max(64), version: z.string().max(16).optional(), url: z.string().optional(), compatible_triggers: z.array(z.unknown()).optional() });
const dependency = z.strictObject({ name: z.string().min(1).max(214), version: z.string().min(1).max(64), registry_url: z.string().max(2048).optional() });
const secret = z.strictObject({ name: z.string().min(1).max(128), value: z.string().max(4096), updated_at: z.string().optional() });
const modulePin = z.record(z.string(), z.unknown());

const fields = {
  supported_triggers: z.array(trigger).min(1).max(1),
  code: z.string().max(200 * 1024),
  dependencies: z.array(dependency).max(100),
  runtime: z.string().max(32),
  secrets: z.array(secret).max(100),
  modules: z.array(modulePin).max(20),
  deploy: z.boolean(),
};

export const createActionBody = z.strictObject({ name: z.string().min(1).max(255), ...fields, supported_triggers: fields.supported_triggers, ...partial() });
export const updateActionBody = z.strictObject({ name: z.string().min(1).max(255).optional(), ...partial() });

function partial() {
  return {
    code: fields.code.optional(), dependencies: fields.dependencies.optional(), runtime: fields.runtime.optional(),
    secrets: fields.secrets.optional(), modules: fields.modules.optional(), deploy: fields.deploy.optional(),
  };
}

export const listActionsQuery = z.object({
  ...pagingQuery,
  triggerId: z.string().optional(),
  actionName: z.string().optional(),
  deployed: z.enum(['true', 'false']).optional(),
  installed: z.enum(['true', 'false']).optional(),
});

export const deleteActionQuery = z.object({ force: z.enum(['true', 'false']).optional() });

export const testActionBody = z.strictObject({ payload: z.record(z.string(), z.unknown()) });

export const bindingsBody = z.strictObject({
  bindings: z.array(z.strictObject({
    ref: z.strictObject({ type: z.enum(['action_id', 'action_name', 'binding_id']), value: z.string().min(1).max(255) }),
    display_name: z.string().max(255).optional(),
    secrets: z.array(secret).optional(),
  })).max(100),
});

const secretName = z.object({ name: z.string(), updated_at: z.string() });
const triggerOut = z.object({ id: z.string(), version: z.string() });

export const actionVersion = z.looseObject({
  id: z.string(),
  action_id: z.string(),
  code: z.string(),
  dependencies: z.array(z.object({ name: z.string(), version: z.string() })),
  runtime: z.string(),
  secrets: z.array(secretName),
  deployed: z.boolean(),
  number: z.number(),
  status: z.string(),
  supported_triggers: z.array(triggerOut),
});

export const action = z.looseObject({
  id: z.string(),
  name: z.string(),
  supported_triggers: z.array(triggerOut),
  all_changes_deployed: z.boolean(),
  code: z.string(),
  dependencies: z.array(z.object({ name: z.string(), version: z.string() })),
  runtime: z.string(),
  secrets: z.array(secretName),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
