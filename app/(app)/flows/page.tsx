import { formatDateTime } from '../../../components/orders/format';
import { getServerCaller, requirePage } from '../../../server/rsc';

export const metadata = { title: 'Flows' };

export default async function FlowsPage() {
  await requirePage('/flows');
  const flows = await (await getServerCaller()).flows.list();
  return (
    <>
      <h1>Flows</h1>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Status</th>
            <th scope="col">Latest version</th>
            <th scope="col">Changed by</th>
            <th scope="col">Changed</th>
            <th scope="col">Open orders</th>
          </tr>
        </thead>
        <tbody>
          {flows.map((f) => (
            <tr key={f.id}>
              <td>
                <strong>{f.name}</strong>
                {f.isDefault && <span className="badge"> default</span>}
                <div className="muted">{f.description}</div>
              </td>
              <td>
                <span className={`badge ${f.status === 'published' ? 'ok' : ''}`}>{f.status}</span>
              </td>
              <td>{f.latestVersion ? `v${f.latestVersion}` : '—'}</td>
              <td>{f.draftUpdatedBy ?? '—'}</td>
              <td>{formatDateTime(f.draftUpdatedAt)}</td>
              <td>{f.openOrders}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
