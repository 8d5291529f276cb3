import * as audit from '../../engine/audit';
import { allow, router } from '../trpc';

const admin = allow(['admin']);

export const auditRouter = router({
  /** The audit log, newest first, a page (at most 200 entries) at a time. */
  list: admin.input(audit.auditFilterInput).query(({ ctx, input }) => audit.listAudit(ctx.db, input)),
  /** Who appears in the log, for the actor filter. */
  actors: admin.query(({ ctx }) => audit.listAuditActors(ctx.db)),
});
