// The demo company: "Hudson Field Services", one metro area (New York), generated from a fixed
// seed so every fresh database looks the same.
import type { ComplianceKind } from '../../engine/enums';

export const DEMO_PASSWORD = 'dispatch-demo-2026';

export const REGIONS = {
  North: { lat: 40.86, lng: -73.89, spread: 0.06 }, // Bronx / Upper Manhattan
  Central: { lat: 40.755, lng: -73.985, spread: 0.035 }, // Midtown
  South: { lat: 40.65, lng: -73.95, spread: 0.05 }, // Brooklyn
  East: { lat: 40.73, lng: -73.8, spread: 0.06 }, // Queens
  West: { lat: 40.73, lng: -74.1, spread: 0.05 }, // Jersey City / Newark
} as const;
export type RegionName = keyof typeof REGIONS;
export const REGION_NAMES = Object.keys(REGIONS) as RegionName[];

export const CITIES: Record<RegionName, { city: string; postcodes: string[] }[]> = {
  North: [
    { city: 'Bronx', postcodes: ['10451', '10458', '10463', '10467'] },
    { city: 'New York', postcodes: ['10031', '10032', '10034'] },
  ],
  Central: [{ city: 'New York', postcodes: ['10001', '10016', '10018', '10036', '10022'] }],
  South: [{ city: 'Brooklyn', postcodes: ['11201', '11215', '11220', '11226', '11238'] }],
  East: [
    { city: 'Queens', postcodes: ['11101', '11354', '11375', '11432'] },
    { city: 'Jamaica', postcodes: ['11432', '11434'] },
  ],
  West: [
    { city: 'Jersey City', postcodes: ['07302', '07306', '07310'] },
    { city: 'Newark', postcodes: ['07102', '07105'] },
  ],
};

export const SKILLS = [
  'hvac',
  'refrigeration',
  'electrical',
  'high-voltage',
  'plumbing',
  'gas',
  'install',
  'security',
  'network',
  'appliance',
] as const;

export const CATEGORIES: { name: string; skills: string[][]; titles: string[] }[] = [
  {
    name: 'HVAC',
    skills: [['hvac'], ['hvac', 'refrigeration'], ['hvac', 'electrical']],
    titles: ['AC not cooling', 'Heating unit making noise', 'Rooftop unit fault', 'Thermostat unresponsive', 'Chiller pressure alarm'],
  },
  {
    name: 'Electrical',
    skills: [['electrical'], ['electrical', 'high-voltage']],
    titles: ['Breaker keeps tripping', 'Emergency lighting failed', 'Outlet sparking', 'Switchboard inspection', 'Power loss on floor 3'],
  },
  {
    name: 'Plumbing',
    skills: [['plumbing'], ['plumbing', 'gas']],
    titles: ['Leaking pipe under sink', 'Water heater failure', 'Blocked drain', 'Gas smell near boiler', 'Low water pressure'],
  },
  {
    name: 'Install',
    skills: [['install'], ['install', 'electrical'], ['install', 'hvac']],
    titles: ['Install split AC unit', 'Install EV charger', 'New kitchen appliances', 'Install water softener', 'Fit new boiler'],
  },
  {
    name: 'Security',
    skills: [['security'], ['security', 'network']],
    titles: ['CCTV camera offline', 'Access control door stuck', 'Alarm panel fault', 'Intercom not working'],
  },
  {
    name: 'Network',
    skills: [['network'], ['network', 'electrical']],
    titles: ['Store Wi-Fi down', 'POS network outage', 'Switch replacement', 'Cabling for new office'],
  },
  {
    name: 'Appliance',
    skills: [['appliance'], ['appliance', 'refrigeration']],
    titles: ['Commercial fridge warm', 'Dishwasher leaking', 'Ice machine fault', 'Oven not heating'],
  },
];

export const CUSTOMERS: { name: string; tier: 'Standard' | 'Gold' | 'Platinum' }[] = [
  { name: 'Acme Retail', tier: 'Gold' },
  { name: 'Brightside Apartments', tier: 'Standard' },
  { name: 'Citywide Hospital', tier: 'Platinum' },
  { name: 'Delancey Foods', tier: 'Standard' },
  { name: 'Empire Office Towers', tier: 'Gold' },
  { name: 'Flatiron Coffee Co.', tier: 'Standard' },
  { name: 'Gotham Fitness', tier: 'Standard' },
  { name: 'Harbor Logistics', tier: 'Gold' },
  { name: 'Ironbound Bakery', tier: 'Standard' },
  { name: 'Jamaica Bay School District', tier: 'Platinum' },
  { name: 'Kings County Library', tier: 'Gold' },
  { name: 'Liberty Hotels', tier: 'Platinum' },
  { name: 'Midtown Dental', tier: 'Standard' },
  { name: 'Northside Pharmacy', tier: 'Gold' },
  { name: 'Orchard Street Lofts', tier: 'Standard' },
];

export const STREETS = [
  'Broadway',
  'Park Ave',
  'Lexington Ave',
  'Atlantic Ave',
  'Grand Concourse',
  'Queens Blvd',
  'Flatbush Ave',
  'Newark Ave',
  'Fordham Rd',
  'Northern Blvd',
  'Court St',
  'Main St',
];

export const FIRST_NAMES = [
  'Ana', 'Ben', 'Carla', 'Dev', 'Elena', 'Femi', 'Grace', 'Hugo', 'Ines', 'Jamal', 'Kira', 'Luis',
  'Maya', 'Nikhil', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wen', 'Xavi',
  'Yara', 'Zane', 'Aisha', 'Bruno', 'Chen', 'Dana', 'Eli', 'Farah', 'Gabe', 'Hana', 'Ivan', 'Jin',
];
export const LAST_NAMES = [
  'Ruiz', 'Okafor', 'Nguyen', 'Patel', 'Kowalski', 'Haddad', 'Silva', 'Cohen', 'Murphy', 'Kim',
  'Rossi', 'Diaz', 'Singh', 'Ibrahim', 'Novak', 'Garcia', 'Lee', 'Brown', 'Santos', 'Moreau',
];

export const PROVIDERS = [
  {
    key: 'coolfix',
    name: 'CoolFix Ltd',
    tenantId: 't-901',
    tenantName: 'CoolFix Ltd',
    regions: ['North', 'Central'],
    skills: ['hvac', 'refrigeration', 'install', 'appliance'],
    capacity: 25,
    rating: 4.6,
    dispatcher: { name: 'Priya Shah', email: 'provider.dispatcher@coolfix.example' },
  },
  {
    key: 'brightspark',
    name: 'BrightSpark Electric',
    tenantId: 't-902',
    tenantName: 'BrightSpark Electric Inc.',
    regions: ['Central', 'South', 'West'],
    skills: ['electrical', 'high-voltage', 'install', 'network'],
    capacity: 20,
    rating: 4.3,
    dispatcher: { name: 'Tom Becker', email: 'dispatch@brightspark.example' },
  },
  {
    key: 'aquaflow',
    name: 'AquaFlow Plumbing',
    tenantId: 't-903',
    tenantName: 'AquaFlow Plumbing LLC',
    regions: ['South', 'East'],
    skills: ['plumbing', 'gas', 'install'],
    capacity: 18,
    rating: 4.1,
    dispatcher: { name: 'Marta Lopez', email: 'dispatch@aquaflow.example' },
  },
  {
    key: 'securenet',
    name: 'SecureNet Systems',
    tenantId: 't-904',
    tenantName: 'SecureNet Systems Corp.',
    regions: ['North', 'Central', 'East', 'West'],
    skills: ['security', 'network', 'electrical'],
    capacity: 15,
    rating: 4.7,
    dispatcher: { name: 'Owen Clarke', email: 'dispatch@securenet.example' },
  },
] as const;

export const GROUPS = [
  { key: 'north', name: 'North Metro', kind: 'engineers' as const, regions: ['North', 'Central'], description: 'Internal engineers covering the Bronx, Upper Manhattan and Midtown' },
  { key: 'south', name: 'South Metro', kind: 'engineers' as const, regions: ['South', 'East'], description: 'Internal engineers covering Brooklyn and Queens' },
  { key: 'west', name: 'Harbor West', kind: 'engineers' as const, regions: ['West'], description: 'Internal engineers covering Jersey City and Newark' },
  { key: 'partners', name: 'Partner Network', kind: 'providers' as const, regions: [], description: 'Service-provider enterprises for outsourced and installation work' },
];

/** The sign-ins listed in the README, one for every role. */
export const DEMO_USERS = [
  { email: 'admin@hudson.example', name: 'Alex Admin', role: 'admin' as const, permissions: ['reallocate', 'publish_flows', 'publish_rules', 'manage_api_keys', 'manage_users'] },
  { email: 'dispatcher@hudson.example', name: 'Dina Dispatcher', role: 'dispatcher' as const, permissions: ['reallocate'] },
  { email: 'dispatcher2@hudson.example', name: 'Drew Dispatcher', role: 'dispatcher' as const, permissions: [] },
  { email: 'group.dispatcher@hudson.example', name: 'Gina Groups', role: 'group_dispatcher' as const, permissions: [], groups: ['north', 'partners'] },
  { email: 'south.dispatcher@hudson.example', name: 'Sol Southside', role: 'group_dispatcher' as const, permissions: [], groups: ['south', 'west'] },
  { email: 'engineer@hudson.example', name: 'Ana Ruiz', role: 'engineer' as const, permissions: [] },
  { email: 'provider.engineer@coolfix.example', name: 'Kai Tanaka', role: 'provider_engineer' as const, permissions: [], provider: 'coolfix' },
];

export const SLA_POLICY = [
  { priority: 'Urgent' as const, respondMinutes: 60, resolveMinutes: 4 * 60 },
  { priority: 'High' as const, respondMinutes: 4 * 60, resolveMinutes: 24 * 60 },
  { priority: 'Medium' as const, respondMinutes: 8 * 60, resolveMinutes: 48 * 60 },
  { priority: 'Low' as const, respondMinutes: 24 * 60, resolveMinutes: 5 * 24 * 60 },
];

export const CUSTOM_FIELDS = [
  { name: 'assetTag', label: 'Asset tag', type: 'string' as const, options: [], required: false },
  { name: 'underWarranty', label: 'Under warranty', type: 'bool' as const, options: [], required: false },
  { name: 'contractLevel', label: 'Contract level', type: 'enum' as const, options: ['Basic', 'Plus', 'Premium'], required: true },
  { name: 'floors', label: 'Floors affected', type: 'number' as const, options: [], required: false },
];

/** A small deterministic PRNG (mulberry32), so the demo data is the same on every machine. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
    around: (center: number, spread: number) => Math.round((center + (next() * 2 - 1) * spread) * 1e5) / 1e5,
  };
}

// ---------------------------------------------------------------------------------------------
// Scheduling: the company works Monday to Friday, 08:00-17:00 in New York (migration 0015's
// settings); each category has an estimated duration; some engineers keep their own hours.
// ---------------------------------------------------------------------------------------------
export const TIME_ZONE = 'America/New_York';

export const CATEGORY_DURATIONS: { category: string; durationMinutes: number }[] = [
  { category: 'HVAC', durationMinutes: 90 },
  { category: 'Electrical', durationMinutes: 60 },
  { category: 'Plumbing', durationMinutes: 75 },
  { category: 'Install', durationMinutes: 180 },
  { category: 'Security', durationMinutes: 60 },
  { category: 'Network', durationMinutes: 90 },
  { category: 'Appliance', durationMinutes: 45 },
];

// ---------------------------------------------------------------------------------------------
// Compliance fields (Settings → Compliance fields): an Electrical or Appliance order is completed
// only with these filled. The seed fills them on the orders it completes.
// ---------------------------------------------------------------------------------------------
export const COMPLIANCE_FIELDS: {
  category: string;
  label: string;
  kind: ComplianceKind;
  required?: boolean;
  unit?: string;
  min?: number;
  max?: number;
  demo: boolean | number | string;
}[] = [
  { category: 'Electrical', label: 'Power isolated before work', kind: 'checkbox', demo: true },
  { category: 'Electrical', label: 'Insulation resistance', kind: 'number', unit: 'MΩ', min: 1, max: 2000, demo: 250 },
  { category: 'Electrical', label: 'Earth loop impedance', kind: 'number', unit: 'Ω', min: 0, max: 1.5, demo: 0.4 },
  { category: 'Electrical', label: 'Work notes', kind: 'text', required: false, demo: 'Replaced the faulty breaker; all circuits tested.' },
  { category: 'Electrical', label: 'Photo of the finished work', kind: 'photo', demo: '' },
  { category: 'Electrical', label: 'Customer signature', kind: 'signature', demo: '' },
  { category: 'Appliance', label: 'Appliance tested after repair', kind: 'checkbox', demo: true },
  { category: 'Appliance', label: 'Water pressure', kind: 'number', unit: 'bar', min: 1, max: 6, demo: 3.2 },
  { category: 'Appliance', label: 'Customer signature', kind: 'signature', demo: '' },
];

/** The image the seed enters for a demo photo or signature (a small PNG of a pen stroke). */
export const DEMO_SIGNATURE_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAYCAIAAAAzn+mLAAAAkUlEQVR42u2WSxLAIAhDc4iueybvf5l+tnVBQnDameK4U8JTQcDxsYEG+hvQto/HfBNopvGZUE5jMsGkkZaWA+VW64EYf2kmrKBxmCDZSPGRCKZrMySbhANVHPw5ck8gid9A5N06iSMlAfg0NoHIbwKhWUlB4MVBVgO/jJOlhgKqai0YfYRmte1OKN4dYwO54wSqYg4FJ/hugwAAAABJRU5ErkJggg==';

const day = (start: string, end: string) => [{ start, end }];
/** Early starters, and a Tuesday-to-Saturday week, beside the company's hours. */
export const OWN_HOURS = {
  early: { '0': [], '1': day('07:00', '15:00'), '2': day('07:00', '15:00'), '3': day('07:00', '15:00'), '4': day('07:00', '15:00'), '5': day('07:00', '15:00'), '6': [] },
  tueSat: { '0': [], '1': [], '2': day('09:00', '18:00'), '3': day('09:00', '18:00'), '4': day('09:00', '18:00'), '5': day('09:00', '18:00'), '6': day('09:00', '14:00') },
};

/** The service windows customers ask for, local times in the company's zone. */
export const WINDOWS = [
  { start: 8, end: 12 },
  { start: 12, end: 17 },
  { start: 8, end: 17 },
  { start: 9, end: 11 },
  { start: 13, end: 16 },
];
