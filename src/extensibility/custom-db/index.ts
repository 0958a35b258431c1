// Custom database connections on the runtime (custom-db.md, docs/custom-db.md): scripts saved
// and validated, executed in the connection's container with the execution recorded, their
// outcomes classified into Auth0's errors and their profiles normalised. flows/custom-db/ puts
// them in the login pipeline.
export { SCRIPT_KEYS, CALLED_SCRIPTS, SCRIPT_FILES, isScriptKey, notImplementedMessage, stubSource, type ScriptKey, type CalledScript } from './scripts.ts';
export { validateScripts, validateConfiguration, validateConnectionName } from './validate.ts';
export { saveCustomDbConnection, isCustomDb, type SaveCustomDbDeps, type SaveCustomDbInput, type SaveCustomDbResult } from './save-connection.ts';
export { executeScript, executionType, type ExecuteDeps, type ExecuteInput } from './execute.ts';
export { createScriptRunner, type ScriptRunner } from './script-runner.ts';
export { failureToGatehouse, userErrorToGatehouse, type ClassifyOptions } from './classify.ts';
export { normaliseProfile, metadataObject, InvalidProfileError, type NormalisedProfile } from './profile.ts';
export { CustomDbValidationError, type ValidationBody } from './validation-error.ts';
