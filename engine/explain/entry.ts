// The directory entry a person means: an engineer, provider or group by id, else by name
// (case-insensitive), as typed into "Why not …?". Pure.
import type { Directory } from '../../dsl';

export function entryIdOf(directory: Directory, typed: string): string | null {
  const t = typed.trim();
  if (directory.engineer(t) || directory.provider(t) || directory.serviceGroup(t)) return t;
  const lower = t.toLowerCase();
  return [...directory.engineers, ...directory.providers, ...directory.serviceGroups].find((x) => x.name.toLowerCase() === lower)?.id ?? null;
}

/** An entry's name, else the id itself. */
export function entryName(directory: Directory, id: string): string {
  return directory.engineer(id)?.name ?? directory.provider(id)?.name ?? directory.serviceGroup(id)?.name ?? id;
}
