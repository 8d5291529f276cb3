// The REST API (intake): framework-free handlers; app/api/v1/ mounts them as Next.js route handlers.
import type { ServerApp } from '../app';
import type { RestDeps } from './work-orders';

export { handleBatchWorkOrders, handleCreateWorkOrder, handleGetWorkOrder, type RestDeps } from './work-orders';
export { handleOpenApi, openApiDocument } from './openapi';
export { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey, createApiKeyInput, revokeApiKeyInput } from './api-keys';

/** The handlers' dependencies from the process-wide app. */
export const restDeps = (app: ServerApp): RestDeps => ({ db: app.database.db, caches: app.caches, now: () => new Date() });
