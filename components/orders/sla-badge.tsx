import { slaBadgeClass, slaCountdown } from './format';

/** The order's time to resolve as a badge: "in 3h 20m", amber within two hours, red when overdue. */
export function SlaBadge({ resolveBy, now = new Date(), prefix = '' }: { resolveBy: Date | string; now?: Date; prefix?: string }) {
  const sla = slaCountdown(new Date(resolveBy), now);
  return (
    <span className={slaBadgeClass(sla)}>
      {prefix}
      {sla.text}
    </span>
  );
}
