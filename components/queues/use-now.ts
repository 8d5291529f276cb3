'use client';
import { useEffect, useState } from 'react';

/** The time now, re-read every `intervalMs` (SLA countdowns and waiting times tick with it). */
export function useNow(intervalMs = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** How long since `from`: "12m", "3h 5m", "4d". */
export function waited(from: Date | string | null, now: number) {
  if (!from) return '—';
  const minutes = Math.max(0, Math.round((now - new Date(from).getTime()) / 60_000));
  return minutes < 60 ? `${minutes}m` : minutes < 2880 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${Math.floor(minutes / 1440)}d`;
}
