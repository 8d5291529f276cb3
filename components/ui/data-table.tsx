'use client';
// The app's table of records: headed columns, a row per record, "Loading…" and an empty message
// across the whole width, an optional actions column (its header read by screen readers only) and
// an optional detail row under a record.
import { Fragment, type ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell heads its row (<th scope="row">). */
  rowHeader?: boolean;
}

export function DataTable<T>({
  columns,
  rows,
  rowKey,
  rowClassName,
  loading = false,
  empty,
  label,
  caption,
  actions,
  detail,
  className = 'data',
  wrap = true,
}: {
  columns: readonly Column<T>[];
  /** Undefined while loading; an empty list shows `empty`. */
  rows: readonly T[] | undefined;
  rowKey: (row: T, index: number) => string | number;
  rowClassName?: (row: T) => string | undefined;
  loading?: boolean;
  empty?: ReactNode;
  /** The table's accessible name. */
  label?: string;
  /** A <caption> element. */
  caption?: ReactNode;
  /** The last column: the row's buttons. */
  actions?: (row: T) => ReactNode;
  /** A full-width row under the record, when it returns something. */
  detail?: (row: T) => ReactNode;
  className?: string;
  /** In a scrolling frame (the default). */
  wrap?: boolean;
}) {
  const width = columns.length + (actions ? 1 : 0);
  const note = (text: ReactNode) => (
    <tr>
      <td colSpan={width} className="muted">
        {text}
      </td>
    </tr>
  );
  const table = (
    <table className={className} aria-label={label}>
      {caption}
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {c.header}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {loading && note('Loading…')}
        {!loading && rows?.length === 0 && empty !== undefined && note(empty)}
        {rows?.map((row, index) => {
          const more = detail?.(row);
          return (
            <Fragment key={rowKey(row, index)}>
              <tr className={rowClassName?.(row)}>
                {columns.map((c, i) =>
                  c.rowHeader ? (
                    <th key={i} scope="row">
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={i}>{c.cell(row)}</td>
                  ),
                )}
                {actions && <td>{actions(row)}</td>}
              </tr>
              {more && (
                <tr>
                  <td colSpan={width}>{more}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
}
