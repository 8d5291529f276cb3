import { listFlows } from '../../engine/flows';
import { allow, router } from '../trpc';

export const flowsRouter = router({
  list: allow(['admin']).query(({ ctx }) => listFlows(ctx.db)),
});
