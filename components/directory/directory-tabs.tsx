'use client';
import { useSearchParams } from 'next/navigation';
import { useRef, type KeyboardEvent } from 'react';
import { CustomFieldsTab } from './custom-fields-tab';
import { EngineersTab } from './engineers-tab';
import { GroupsTab } from './groups-tab';
import { ProvidersTab } from './providers-tab';
import { UsersTab } from './users-tab';

const TABS = [
  { key: 'groups', label: 'Service groups' },
  { key: 'providers', label: 'Providers' },
  { key: 'engineers', label: 'Engineers' },
  { key: 'users', label: 'Users' },
  { key: 'fields', label: 'Custom fields' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

const isTab = (value: string | null): value is TabKey => TABS.some((t) => t.key === value);

/** The directory's tabs; the selected one lives in `?tab=` so it survives a reload and can be linked. */
export function DirectoryTabs({ currentUserId }: { currentUserId: string }) {
  const params = useSearchParams();
  const raw = params.get('tab');
  const selected: TabKey = isTab(raw) ? raw : 'groups';
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  function select(key: TabKey, focus = false) {
    const url = new URL(window.location.href);
    url.searchParams.set('tab', key);
    // Next keeps useSearchParams in step with the native history API, without a server round trip.
    window.history.replaceState(null, '', url);
    if (focus) refs.current[key]?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const index = TABS.findIndex((t) => t.key === selected);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = TABS[(moves[event.key] + TABS.length) % TABS.length];
    select(next.key, true);
  }

  return (
    <>
      <div role="tablist" aria-label="Directory" className="tabs" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              refs.current[t.key] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.key}`}
            aria-selected={t.key === selected}
            aria-controls={`panel-${t.key}`}
            tabIndex={t.key === selected ? 0 : -1}
            onClick={() => select(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`}>
        {selected === 'groups' && <GroupsTab />}
        {selected === 'providers' && <ProvidersTab />}
        {selected === 'engineers' && <EngineersTab />}
        {selected === 'users' && <UsersTab currentUserId={currentUserId} />}
        {selected === 'fields' && <CustomFieldsTab />}
      </div>
    </>
  );
}
