// An order's diagnostic readings (sent at intake, engine/orders/diagnostics.ts): name, value with
// its unit, and when it was read. On the dispatcher's and the engineer's order pages.
import { readingValue, type DiagnosticReading } from '../../engine/orders/diagnostics';
import { formatDateTime } from '../ui';
import './diagnostics-list.css';

export function DiagnosticsList({ readings, headingId }: { readings: readonly DiagnosticReading[]; headingId: string }) {
  if (!readings.length) return <p className="muted">No diagnostic readings were sent with this order.</p>;
  return (
    <table className="diagnostics" aria-labelledby={headingId}>
      <thead>
        <tr>
          <th scope="col">Reading</th>
          <th scope="col">Value</th>
          <th scope="col">Read at</th>
        </tr>
      </thead>
      <tbody>
        {readings.map((r, i) => (
          <tr key={i}>
            <th scope="row">{r.name}</th>
            <td>{readingValue(r)}</td>
            <td className="muted">{formatDateTime(r.time)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
