// Input schemas of the directory, shared by the server (tRPC inputs) and the forms (field errors).
import { z } from 'zod';
import { CUSTOM_FIELD_TYPES, ENGINEER_STATUSES, GROUP_KINDS, PERMISSIONS, ROLES } from '../enums';
import { EMAIL_MAX, ID_MAX, idString } from '../limits';
import { vehicleInput, weeklyHoursInput } from './schedule.schema';

const name = z.string().trim().min(2, 'At least 2 characters').max(120, 'At most 120 characters');
const optionalText = z
  .string()
  .trim()
  .max(500, 'At most 500 characters')
  .optional()
  .transform((v) => (v ? v : null));
const tagList = z
  .array(z.string().trim().min(1, 'Empty entries are not allowed').max(60))
  .max(50, 'At most 50 entries')
  .transform((list) => [...new Set(list)]);
const idList = z.array(idString).max(5000).transform((list) => [...new Set(list)]);
const email = z.string().trim().toLowerCase().max(EMAIL_MAX, `At most ${EMAIL_MAX} characters`).email('Enter a valid email address');

export const idInput = z.object({ id: idString });
export const setActiveInput = z.object({ id: idString, active: z.boolean() });

export const serviceGroupInput = z.object({
  name,
  kind: z.enum(GROUP_KINDS, { message: 'Choose engineers or providers' }),
  description: optionalText,
  region: optionalText,
  memberIds: idList.default([]),
  dispatcherIds: idList.default([]),
});
export type ServiceGroupInput = z.infer<typeof serviceGroupInput>;

export const providerInput = z.object({
  name,
  tenantId: z.string().trim().min(1, 'The connected tenant id is required').max(64),
  tenantName: z.string().trim().min(1, 'The connected tenant name is required').max(120),
  regions: tagList.default([]),
  skills: tagList.default([]),
  capacity: z.coerce.number().int('Whole orders only').min(0, 'Cannot be negative').max(10_000),
  rating: z.coerce.number().min(0, 'Between 0 and 5').max(5, 'Between 0 and 5').default(0),
  contactEmail: email.optional().or(z.literal('').transform(() => undefined)),
});
export type ProviderInput = z.infer<typeof providerInput>;

/** The id of another record, or none: left out, null and '' are all null. */
const optionalId = z
  .string()
  .max(ID_MAX)
  .optional()
  .nullable()
  .transform((v) => v || null);

const latitude = z.coerce.number().min(-90, 'Latitude is between -90 and 90').max(90, 'Latitude is between -90 and 90');
const longitude = z.coerce.number().min(-180, 'Longitude is between -180 and 180').max(180, 'Longitude is between -180 and 180');

export const engineerInput = z
  .object({
    name,
    email: email.optional().or(z.literal('').transform(() => undefined)),
    phone: optionalText,
    providerId: optionalId,
    userId: optionalId,
    skills: tagList.default([]),
    status: z.enum(ENGINEER_STATUSES, { message: 'Choose a status' }),
    region: z.string().trim().min(1, 'The home region is required').max(60),
    capacity: z.coerce.number().int('Whole orders only').min(0, 'Cannot be negative').max(100),
    rating: z.coerce.number().min(0).max(5).default(0),
    location: z.object({ lat: latitude, lng: longitude }).nullable().default(null),
    // Scheduling. Left out (undefined): kept as they are on an update, none on a new engineer.
    /** The engineer's own weekly hours; null: the company's (Settings). */
    workingHours: weeklyHoursInput.nullable().optional(),
    /** The engineer's vehicle; null: none (`engineer.vehicle.status` is `none`). */
    vehicle: vehicleInput.nullable().optional(),
  });
export type EngineerInput = z.infer<typeof engineerInput>;

export const userInput = z.object({
  name,
  email,
  role: z.enum(ROLES, { message: 'Choose a role' }),
  providerId: optionalId,
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length * 2).default([]),
  password: z.string().min(10, 'At least 10 characters').max(128).optional().or(z.literal('').transform(() => undefined)),
});
export type UserInput = z.infer<typeof userInput>;

export const customFieldInput = z
  .object({
    name: z
      .string()
      .trim()
      .max(40, 'At most 40 characters')
      .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'Letters, digits and _ only, starting with a letter (used as order.custom.<name>)'),
    label: name,
    type: z.enum(CUSTOM_FIELD_TYPES, { message: 'Choose a type' }),
    options: tagList.default([]),
    required: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'enum' && v.options.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'An enum needs at least two values' });
    }
    if (v.type !== 'enum' && v.options.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only enum fields have values' });
    }
  });
export type CustomFieldInput = z.infer<typeof customFieldInput>;

export const slaPolicyInput = z.object({
  policies: z
    .array(
      z.object({
        priority: z.enum(['Low', 'Medium', 'High', 'Urgent']),
        respondMinutes: z.coerce.number().int().min(1, 'At least one minute').max(60 * 24 * 60),
        resolveMinutes: z.coerce.number().int().min(1, 'At least one minute').max(60 * 24 * 365),
      }),
    )
    .length(4, 'One policy for every priority'),
});

export const withId = <T extends z.ZodType>(schema: T) => z.object({ id: idString, data: schema });
