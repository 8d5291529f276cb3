// Display labels for the directory's enums.
import { CUSTOM_FIELD_TYPES, ENGINEER_STATUSES, PERMISSIONS, ROLES } from '../../engine/enums';

export { CUSTOM_FIELD_TYPES, ENGINEER_STATUSES, PERMISSIONS, ROLES };

export const STATUS_LABELS: Record<(typeof ENGINEER_STATUSES)[number], string> = {
  available: 'Available',
  busy: 'Busy',
  off_shift: 'Off shift',
  on_leave: 'On leave',
};

export const STATUS_BADGE: Record<(typeof ENGINEER_STATUSES)[number], string> = {
  available: 'badge ok',
  busy: 'badge warn',
  off_shift: 'badge',
  on_leave: 'badge',
};

export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  admin: 'Admin',
  dispatcher: 'Dispatcher',
  group_dispatcher: 'Service group dispatcher',
  provider_dispatcher: 'Provider dispatcher',
  engineer: 'Engineer',
  provider_engineer: 'Provider engineer',
};

export const PROVIDER_ROLES: readonly string[] = ['provider_dispatcher', 'provider_engineer'];

export const PERMISSION_LABELS: Record<(typeof PERMISSIONS)[number], { label: string; hint: string }> = {
  reallocate: { label: 'Reallocate', hint: 'change the assignee after an order has moved on' },
  publish_flows: { label: 'Publish flows', hint: 'freeze a flow draft as a new version' },
  publish_rules: { label: 'Publish rules', hint: 'publish a rule set version' },
  manage_api_keys: { label: 'Manage API keys', hint: 'create and revoke integration keys' },
  manage_users: { label: 'Manage users', hint: 'create, edit and deactivate users; grant and remove permissions (never their own)' },
};

export const FIELD_TYPE_LABELS: Record<(typeof CUSTOM_FIELD_TYPES)[number], string> = {
  string: 'Text (string)',
  number: 'Number',
  bool: 'Yes/no (bool)',
  time: 'Date and time',
  enum: 'One of a list (enum)',
  'list<string>': 'List of text (list<string>)',
};
