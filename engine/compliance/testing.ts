// What the compliance tests (engine, tRPC, document) start from: a Boiler category with one field
// of every kind, a reading with a unit and a range, and an optional text.
import type { CategoryFieldsInput } from './model';

export const BOILER_FIELDS: CategoryFieldsInput = {
  category: 'Boiler',
  fields: [
    { label: 'Safety check done', kind: 'checkbox' },
    { label: 'Pressure reading', kind: 'number', unit: 'bar', min: 1, max: 3 },
    { label: 'Notes', kind: 'text', required: false },
    { label: 'Photo of the boiler', kind: 'photo' },
    { label: 'Customer signature', kind: 'signature' },
  ],
};
