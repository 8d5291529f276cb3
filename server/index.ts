export { appRouter, createCaller, type AppRouter } from './root';
export { createContextInner, createRequestContext, type Context } from './context';
export { createAuth, type Auth } from './auth';
export { getServerApp } from './app';
export { navigationFor, homeFor, mayVisit, type NavItem } from './navigation';
export { ALL_ROLES, type Policy } from './trpc';
