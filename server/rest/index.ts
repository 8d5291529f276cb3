// The REST API (intake): framework-free handlers; app/api/v1/ mounts them as Next.js route handlers.

export { handleBatchWorkOrders, handleCreateWorkOrder, handleGetWorkOrder } from './work-orders';
export { handleOpenApi, openApiDocument } from './openapi';
export { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey, createApiKeyInput, revokeApiKeyInput } from './api-keys';

