import { createActionQueries, type Database } from '../../storage/index.ts';

/** An Action's current name (for a resumed flow's log lines); its id when it was deleted. */
export async function actionNameOf(database: Database, tenantId: string, actionId: string): Promise<string> {
  return (await createActionQueries(database, tenantId).find(actionId))?.name ?? actionId;
}
