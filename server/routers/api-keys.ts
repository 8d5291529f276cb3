import * as keys from '../rest/api-keys';
import { allow, router } from '../trpc';

const manage = allow(['admin'], 'manage_api_keys');

export const apiKeysRouter = router({
  list: manage.query(({ ctx }) => keys.listApiKeys(ctx.db)),
  /** Answers with the full key this once; only its hash is kept. Scopes are chosen here, at least one. */
  create: manage.input(keys.createApiKeyInput).mutation(({ ctx, input }) => keys.createApiKey(ctx.db, input, ctx.principal)),
  revoke: manage.input(keys.revokeApiKeyInput).mutation(({ ctx, input }) => keys.revokeApiKey(ctx.db, input.id, ctx.now(), ctx.principal)),
});
