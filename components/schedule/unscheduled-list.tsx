'use client';
// The side list: the caller's orders that have a duration and no booking yet, each draggable onto
// a row (and bookable from the scheduling form below it without a pointer).
import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import type { UnscheduledOrder } from './types';
import { formatSpan } from './zone';

function duration(minutes: number | null) {
  if (!minutes) return 'no duration';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

const Item = memo(function Item({ order, timeZone }: { order: UnscheduledOrder; timeZone: string }) {
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({ id: `order:${order.orderId}`, data: { kind: 'order', order } });
  const facts = [duration(order.durationMinutes), order.city, order.requiredSkills.join(', ')].filter(Boolean).join(' · ');
  return (
    <li className="sb-order-item">
      <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      aria-roledescription="order, draggable onto an engineer"
      aria-label={`${order.number} ${order.title}, ${order.priority}, ${duration(order.durationMinutes)}`}
      className={`sb-order p-${order.priority.toLowerCase()}${isDragging ? ' dragging' : ''}`}
      data-order={order.number}
    >
      <span className="sb-order-head">
        <strong>{order.number}</strong>
        <span className={`badge sb-prio p-${order.priority.toLowerCase()}`}>{order.priority}</span>
      </span>
      <span className="sb-order-title">{order.title}</span>
      <span className="muted small">{facts}</span>
      {order.window && (
        <span className="muted small">
          window {formatSpan(Date.parse(order.window.start), Date.parse(order.window.end), timeZone)}
        </span>
      )}
      </div>
    </li>
  );
});

export function UnscheduledList({ orders, timeZone, loading }: { orders: readonly UnscheduledOrder[]; timeZone: string; loading: boolean }) {
  return (
    <div className="sb-unscheduled">
      <h2 className="sb-side-title">
        Unscheduled <span className="count">{orders.length}</span>
      </h2>
      <p className="muted small">Drag an order onto an engineer’s row, or use the form below.</p>
      {loading ? (
        <p className="muted">Loading…</p>
      ) : orders.length === 0 ? (
        <p className="muted">No order waits for a slot.</p>
      ) : (
        <ul className="sb-orders" aria-label="Unscheduled orders list">
          {orders.map((o) => (
            <Item key={o.orderId} order={o} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </div>
  );
}
