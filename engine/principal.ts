import type { Permission, Role } from './enums';

/** Who is acting: the signed-in user with what the server knows of their scope. */
export interface Principal {
  id: string;
  name: string;
  email: string;
  role: Role;
  permissions: Permission[];
  /** Service groups this user dispatches for (group dispatchers). */
  groupIds: string[];
  /** The provider of a provider dispatcher or provider engineer. */
  providerId: string | null;
  /** The engineer record of an engineer or provider engineer. */
  engineerId: string | null;
}

export const hasPermission = (p: Principal, permission: Permission) => p.permissions.includes(permission);
