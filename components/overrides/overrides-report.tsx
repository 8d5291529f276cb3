'use client';
// The overrides report: per rule, of its decisions in the chosen period, how many dispatchers
// changed, the share, the reasons, and the orders (each a link to its page).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { OverridesReport, RuleOverrides } from '../../engine/overrides';
import { useTRPC } from '../../lib/trpc';
import { DataTable, DateTime, LoadError, Panel, PeriodFields, type Period } from '../ui';
import './overrides.css';

const ACTION_LABEL: Record<RuleOverrides['orders'][number]['action'], string> = { reassigned: 'Reassigned', reallocated: 'Reallocated', rejected: 'Rejected' };

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

export function OverridesReportView({ today }: { today: string }) {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>('30d');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const input = period === 'custom' ? { period, from, to } : { period };
  const { data, error, isFetching } = useQuery({ ...trpc.overrides.report.queryOptions(input), placeholderData: keepPreviousData });
  return (
    <Panel title="Overrides by rule" intro="How often dispatchers changed what each rule decided (reassigned, reallocated or rejected), of the rule's decisions in the period, and why.">
      <form className="toolbar" aria-label="Overrides period" onSubmit={(e) => e.preventDefault()}>
        <PeriodFields period={period} from={from} to={to} onPeriod={setPeriod} onFrom={setFrom} onTo={setTo} />
        {isFetching && <span className="muted small">Loading…</span>}
      </form>
      <LoadError error={error} what="Could not load the overrides" />
      {data && <Summary data={data} />}
      <DataTable
        label="Overrides by rule"
        rows={data?.rules}
        loading={!data && !error}
        rowKey={(r) => r.rule}
        empty="No rule decided an order in this period."
        columns={[
          { header: 'Rule', rowHeader: true, cell: (r) => <code>{r.rule}</code> },
          { header: 'Decisions', cell: (r) => r.decisions },
          { header: 'Overridden', cell: (r) => r.overridden },
          { header: 'Share', cell: (r) => percent(r.share) },
          {
            header: 'Reasons',
            cell: (r) =>
              r.reasons.length ? (
                <ul className="override-reasons">
                  {r.reasons.map((x) => (
                    <li key={x.code}>
                      {x.label}: {x.count}
                    </li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
          },
        ]}
        detail={(r) => (r.orders.length ? <OverriddenOrders rule={r} /> : null)}
      />
    </Panel>
  );
}

function Summary({ data }: { data: OverridesReport }) {
  return (
    <p className="muted">
      {data.overridden} of {data.decisions} rule decisions overridden{data.decisions ? ` (${percent(data.overridden / data.decisions)})` : ''}, from <DateTime date={data.from} /> to{' '}
      <DateTime date={data.to} />.
    </p>
  );
}

function OverriddenOrders({ rule }: { rule: RuleOverrides }) {
  return (
    <details>
      <summary>
        {rule.overridden === 1 ? 'The overridden order' : `The overridden orders (${rule.orders.length < rule.overridden ? `latest ${rule.orders.length} of ${rule.overridden}` : rule.overridden})`} of {rule.rule}
      </summary>
      <DataTable
        label={`Orders overridden from rule ${rule.rule}`}
        rows={rule.orders}
        rowKey={(x) => `${x.orderId}-${x.at}`}
        columns={[
          { header: 'Order', rowHeader: true, cell: (x) => <Link href={`/orders/${x.orderId}`}>{x.number}</Link> },
          { header: 'Title', cell: (x) => x.title },
          { header: 'When', cell: (x) => <DateTime date={x.at} /> },
          { header: 'Change', cell: (x) => `${ACTION_LABEL[x.action]}: ${x.decided ?? '—'} → ${x.became}` },
          { header: 'Reason', cell: (x) => (x.text ? `${x.reasonLabel} — ${x.text}` : x.reasonLabel) },
          { header: 'By', cell: (x) => x.by ?? '—' },
        ]}
      />
    </details>
  );
}
