// The 50 rules of rules-spec.ts as the plain if-chain a developer would write by hand, in priority
// order: the floor of the benchmark. The rules between the markers are written by gen-handwritten.ts
// (do not edit them here).
import type { OrderData } from '../dsl/index';

export interface HandDecision {
  outcome: 'auto' | 'manual';
  rule: string | null;
  groupId: string | null;
}

function km(o: OrderData, lat: number, lng: number): number {
  const l = o.location;
  if (l === null) return NaN;
  const rad = Math.PI / 180;
  const s1 = Math.sin(((lat - l.lat) * rad) / 2);
  const s2 = Math.sin(((lng - l.lng) * rad) / 2);
  const h = s1 * s1 + Math.cos(l.lat * rad) * Math.cos(lat * rad) * s2 * s2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function decideByHand(o: OrderData, now: number): HandDecision {
  const category = o.category;
  const priority = o.priority;
  const source = o.source;
  const tier = o.customer.tier;
  const region = o.address.region;
  const hoursToResolve = (Date.parse(o.sla.resolveBy) - now) / 3_600_000;
  const minutesSinceCreated = (now - Date.parse(o.createdAt)) / 60_000;
  // rules: begin
  if (tier === 'Platinum' && category === 'Install') return { outcome: 'manual', rule: 'platinum-install-manual', groupId: null };
  if (o.tags.includes('safety') && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'safety-first', groupId: 'sg-rapid-response' };
  if (tier === 'Platinum' && km(o, 42, -73.5) < 25) return { outcome: 'auto', rule: 'platinum-near-north-depot', groupId: 'sg-metro-premium' };
  if (hoursToResolve < 3 && priority === 'Urgent') return { outcome: 'auto', rule: 'sla-at-risk', groupId: 'sg-rapid-response' };
  if (source === 'phone' && category === 'HVAC' && priority === 'Urgent') return { outcome: 'auto', rule: 'phone-hvac-emergency', groupId: 'sg-hvac-emergency' };
  if (tier === 'Gold' && category === 'Install' && hoursToResolve < 72) return { outcome: 'auto', rule: 'gold-install', groupId: 'sg-install-pro' };
  if (minutesSinceCreated > 2400 && priority !== 'Low') return { outcome: 'auto', rule: 'stale-orders', groupId: 'sg-backlog-squad' };
  if (o.requiredSkills.includes('solar')) return { outcome: 'auto', rule: 'solar', groupId: 'sg-solar-team' };
  if (category === 'Roofing' && region === 'West' && km(o, 37.5, -121.5) < 60) return { outcome: 'auto', rule: 'west-roofing-nearby', groupId: 'sg-west-roofing' };
  if (source === 'api' && category === 'Security') return { outcome: 'auto', rule: 'api-security', groupId: 'sg-security-partners' };
  if (region === 'North' && category === 'HVAC' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'north-hvac-priority', groupId: 'sg-north-hvac-priority' };
  if (region === 'North' && category === 'Electrical' && hoursToResolve < 48) return { outcome: 'auto', rule: 'north-electrical-due', groupId: 'sg-north-electrical' };
  if (region === 'North' && category === 'Plumbing' && km(o, 42, -73.5) < 50) return { outcome: 'auto', rule: 'north-plumbing-local', groupId: 'sg-north-plumbing-local' };
  if (region === 'North' && category === 'Install' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'north-install-priority', groupId: 'sg-north-install-priority' };
  if (region === 'North' && category === 'Appliance' && hoursToResolve < 48) return { outcome: 'auto', rule: 'north-appliance-due', groupId: 'sg-north-appliance' };
  if (region === 'North' && category === 'Roofing' && km(o, 42, -73.5) < 50) return { outcome: 'auto', rule: 'north-roofing-local', groupId: 'sg-north-roofing-local' };
  if (region === 'North' && category === 'Security' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'north-security-priority', groupId: 'sg-north-security-priority' };
  if (region === 'South' && category === 'HVAC' && hoursToResolve < 48) return { outcome: 'auto', rule: 'south-hvac-due', groupId: 'sg-south-hvac' };
  if (region === 'South' && category === 'Electrical' && km(o, 35.5, -80) < 50) return { outcome: 'auto', rule: 'south-electrical-local', groupId: 'sg-south-electrical-local' };
  if (region === 'South' && category === 'Plumbing' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'south-plumbing-priority', groupId: 'sg-south-plumbing-priority' };
  if (region === 'South' && category === 'Install' && hoursToResolve < 48) return { outcome: 'auto', rule: 'south-install-due', groupId: 'sg-south-install' };
  if (region === 'South' && category === 'Appliance' && km(o, 35.5, -80) < 50) return { outcome: 'auto', rule: 'south-appliance-local', groupId: 'sg-south-appliance-local' };
  if (region === 'South' && category === 'Roofing' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'south-roofing-priority', groupId: 'sg-south-roofing-priority' };
  if (region === 'South' && category === 'Security' && hoursToResolve < 48) return { outcome: 'auto', rule: 'south-security-due', groupId: 'sg-south-security' };
  if (region === 'East' && category === 'HVAC' && km(o, 40.5, -72.5) < 50) return { outcome: 'auto', rule: 'east-hvac-local', groupId: 'sg-east-hvac-local' };
  if (region === 'East' && category === 'Electrical' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'east-electrical-priority', groupId: 'sg-east-electrical-priority' };
  if (region === 'East' && category === 'Plumbing' && hoursToResolve < 48) return { outcome: 'auto', rule: 'east-plumbing-due', groupId: 'sg-east-plumbing' };
  if (region === 'East' && category === 'Install' && km(o, 40.5, -72.5) < 50) return { outcome: 'auto', rule: 'east-install-local', groupId: 'sg-east-install-local' };
  if (region === 'East' && category === 'Appliance' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'east-appliance-priority', groupId: 'sg-east-appliance-priority' };
  if (region === 'East' && category === 'Roofing' && hoursToResolve < 48) return { outcome: 'auto', rule: 'east-roofing-due', groupId: 'sg-east-roofing' };
  if (region === 'East' && category === 'Security' && km(o, 40.5, -72.5) < 50) return { outcome: 'auto', rule: 'east-security-local', groupId: 'sg-east-security-local' };
  if (region === 'West' && category === 'HVAC' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'west-hvac-priority', groupId: 'sg-west-hvac-priority' };
  if (region === 'West' && category === 'Electrical' && hoursToResolve < 48) return { outcome: 'auto', rule: 'west-electrical-due', groupId: 'sg-west-electrical' };
  if (region === 'West' && category === 'Plumbing' && km(o, 37.5, -121.5) < 50) return { outcome: 'auto', rule: 'west-plumbing-local', groupId: 'sg-west-plumbing-local' };
  if (region === 'West' && category === 'Install' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'west-install-priority', groupId: 'sg-west-install-priority' };
  if (region === 'West' && category === 'Appliance' && hoursToResolve < 48) return { outcome: 'auto', rule: 'west-appliance-due', groupId: 'sg-west-appliance' };
  if (region === 'West' && category === 'Roofing' && km(o, 37.5, -121.5) < 50) return { outcome: 'auto', rule: 'west-roofing-local', groupId: 'sg-west-roofing-local' };
  if (region === 'West' && category === 'Security' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'west-security-priority', groupId: 'sg-west-security-priority' };
  if (region === 'Central' && category === 'HVAC' && hoursToResolve < 48) return { outcome: 'auto', rule: 'central-hvac-due', groupId: 'sg-central-hvac' };
  if (region === 'Central' && category === 'Electrical' && km(o, 41.5, -93) < 50) return { outcome: 'auto', rule: 'central-electrical-local', groupId: 'sg-central-electrical-local' };
  if (region === 'Central' && category === 'Plumbing' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'central-plumbing-priority', groupId: 'sg-central-plumbing-priority' };
  if (region === 'Central' && category === 'Install' && hoursToResolve < 48) return { outcome: 'auto', rule: 'central-install-due', groupId: 'sg-central-install' };
  if (region === 'Central' && category === 'Appliance' && km(o, 41.5, -93) < 50) return { outcome: 'auto', rule: 'central-appliance-local', groupId: 'sg-central-appliance-local' };
  if (region === 'Central' && category === 'Roofing' && (priority === 'High' || priority === 'Urgent')) return { outcome: 'auto', rule: 'central-roofing-priority', groupId: 'sg-central-roofing-priority' };
  if (region === 'Central' && category === 'Security' && hoursToResolve < 48) return { outcome: 'auto', rule: 'central-security-due', groupId: 'sg-central-security' };
  if (region === 'North') return { outcome: 'auto', rule: 'north-general', groupId: 'sg-north-general' };
  if (region === 'South') return { outcome: 'auto', rule: 'south-general', groupId: 'sg-south-general' };
  if (region === 'East') return { outcome: 'auto', rule: 'east-general', groupId: 'sg-east-general' };
  if (region === 'West') return { outcome: 'auto', rule: 'west-general', groupId: 'sg-west-general' };
  if (region === 'Central') return { outcome: 'auto', rule: 'central-general', groupId: 'sg-central-general' };
  // rules: end
  return { outcome: 'manual', rule: null, groupId: null };
}
