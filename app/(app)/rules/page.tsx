import { formatDateTime } from '../../../components/orders/format';
import { getServerCaller, requirePage } from '../../../server/rsc';

export const metadata = { title: 'Rules' };

export default async function RulesPage() {
  await requirePage('/rules');
  const ruleSets = await (await getServerCaller()).rules.list();
  return (
    <>
      <h1>Rule sets</h1>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Rule set</th>
            <th scope="col">Status</th>
            <th scope="col">Version</th>
            <th scope="col">Author</th>
            <th scope="col">Changed</th>
          </tr>
        </thead>
        <tbody>
          {ruleSets.map((r) => (
            <tr key={r.id}>
              <td>
                <strong>{r.name}</strong>
                <div className="muted">{r.description}</div>
              </td>
              <td>
                <span className={`badge ${r.status === 'published' ? 'ok' : ''}`}>{r.status}</span>
              </td>
              <td>{r.latestVersion ? `v${r.latestVersion}` : '—'}</td>
              <td>{r.draftUpdatedBy ?? '—'}</td>
              <td>{formatDateTime(r.draftUpdatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
