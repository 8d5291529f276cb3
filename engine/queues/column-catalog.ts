// The to-do list's fields (no imports: the browser bundle reads this too).
export const TODO_COLUMNS = [
  { id: 'number', label: 'Number' },
  { id: 'title', label: 'Title' },
  { id: 'customer', label: 'Customer' },
  { id: 'priority', label: 'Priority' },
  { id: 'category', label: 'Category' },
  { id: 'region', label: 'Region' },
  { id: 'city', label: 'City' },
  { id: 'queue', label: 'Step' },
  { id: 'group', label: 'Service group' },
  { id: 'provider', label: 'Provider' },
  { id: 'waiting', label: 'Waiting' },
  { id: 'slaDue', label: 'SLA due' },
  { id: 'respondBy', label: 'Respond by' },
  { id: 'createdAt', label: 'Created' },
  { id: 'source', label: 'Source' },
  { id: 'skills', label: 'Skills' },
  { id: 'tags', label: 'Tags' },
] as const;
export type TodoColumn = (typeof TODO_COLUMNS)[number]['id'];
