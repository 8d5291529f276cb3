import * as keys from '../rest/api-keys';
import { allow, router } from '../trpc';

const manage = allow(['admin'], 'manage_api_keys');

export const apiKeysRouter = router({
  list: manage.query(({ ctx }) => keys.listApiKeys(ctx.db)),
  /** Answers with the full key this once; only its hash is kept. */
  create: manage.input(keys.createApiKeyInput).mutation(({ ctx, input }) => keys.createApiKey(ctx.db, input, ctx.principal.id)),
  revoke: manage.input(keys.revokeApiKeyInput).mutation(({ ctx, input }) => keys.revokeApiKey(ctx.db, input.id, ctx.now())),
});
