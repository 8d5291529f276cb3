import { apiKeysRouter } from './routers/api-keys';
import { auditRouter } from './routers/audit';
import { complianceRouter } from './routers/compliance';
import { deliveryRouter } from './routers/delivery';
import { directoryRouter } from './routers/directory';
import { explainRouter } from './routers/explain';
import { flowsRouter } from './routers/flows';
import { insightsRouter } from './routers/insights';
import { overridesRouter } from './routers/overrides';
import { notificationsRouter } from './routers/notifications';
import { rulesRouter } from './routers/rules';
import { ordersRouter } from './routers/orders';
import { queuesRouter } from './routers/queues';
import { scheduleRouter } from './routers/schedule';
import { sessionRouter } from './routers/session';
import { settingsRouter } from './routers/settings';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  session: sessionRouter,
  directory: directoryRouter,
  orders: ordersRouter,
  settings: settingsRouter,
  flows: flowsRouter,
  rules: rulesRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  notifications: notificationsRouter,
  delivery: deliveryRouter,
  queues: queuesRouter,
  schedule: scheduleRouter,
  insights: insightsRouter,
  explain: explainRouter,
  overrides: overridesRouter,
  compliance: complianceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
