import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/root';

type Directory = inferRouterOutputs<AppRouter>['directory'];
export type GroupRow = Directory['groups']['list'][number];
export type ProviderRow = Directory['providers']['list'][number];
export type EngineerRow = Directory['engineers']['list'][number];
export type UserRow = Directory['users']['list'][number];
export type RoleRow = Directory['users']['roles'][number];
export type CustomFieldRow = Directory['customFields']['list'][number];
