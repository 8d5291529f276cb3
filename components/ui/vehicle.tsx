// An engineer's vehicle and its status (`engineer.vehicle.status` in rules), said the same way in
// the directory, on the schedule board's rows and in the assignment list.
import { Truck } from 'lucide-react';

export interface VehicleView {
  id: string;
  status: string;
}

const STATUS_TEXT: Record<string, string> = { ready: 'ready', maintenance: 'in maintenance' };

/** "van-012 ready", "van-012 in maintenance", or "no vehicle". */
export function vehicleText(vehicle: VehicleView | null | undefined): string {
  if (!vehicle) return 'no vehicle';
  return `${vehicle.id} ${STATUS_TEXT[vehicle.status] ?? vehicle.status}`;
}

/** The vehicle with its status as a badge: green when ready, amber otherwise. */
export function VehicleBadge({ vehicle }: { vehicle: VehicleView | null | undefined }) {
  if (!vehicle) return <span className="muted">no vehicle</span>;
  return (
    <span className="vehicle" title="Vehicle and its status">
      <Truck size={13} className="ds-icon" aria-hidden /> {vehicle.id}{' '}
      <span className={vehicle.status === 'ready' ? 'badge ok' : 'badge warn'}>{STATUS_TEXT[vehicle.status] ?? vehicle.status}</span>
    </span>
  );
}
