import { listRuleSets } from '../../engine/rulesets';
import { allow, router } from '../trpc';

export const rulesRouter = router({
  list: allow(['admin']).query(({ ctx }) => listRuleSets(ctx.db)),
});
