// The DataTable as the pages render it: headers, a row per record, the notes across the width.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable, type Column } from './data-table';

interface Row {
  id: string;
  name: string;
}

const columns: Column<Row>[] = [
  { header: 'Name', cell: (r) => r.name },
  { header: 'Id', cell: (r) => r.id },
];
const render = (props: Partial<Parameters<typeof DataTable<Row>>[0]>) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { columns, rows: undefined, rowKey: (r: Row) => r.id, ...props }));

describe('DataTable', () => {
  it('renders a row per record, and the actions column with a screen-reader header', () => {
    const html = render({ rows: [{ id: 'a', name: 'Ana' }], actions: (r) => createElement('button', null, `Edit ${r.name}`), label: 'People' });
    expect(html).toContain('<table class="data" aria-label="People">');
    expect(html).toContain('<th scope="col">Name</th><th scope="col">Id</th><th scope="col"><span class="sr-only">Actions</span></th>');
    expect(html).toContain('<tr><td>Ana</td><td>a</td><td><button>Edit Ana</button></td></tr>');
    expect(html.startsWith('<div class="table-wrap">')).toBe(true);
  });

  it('says Loading… while loading and the empty message for no rows, across every column', () => {
    expect(render({ loading: true, actions: () => null })).toContain('<td colSpan="3" class="muted">Loading…</td>');
    expect(render({ rows: [], empty: 'No one yet.' })).toContain('<td colSpan="2" class="muted">No one yet.</td>');
    expect(render({ rows: [] })).not.toContain('muted');
  });

  it('adds a detail row under a record when asked, and heads rows when a column says so', () => {
    const html = render({
      rows: [
        { id: 'a', name: 'Ana' },
        { id: 'b', name: 'Ben' },
      ],
      columns: [{ header: 'Name', cell: (r: Row) => r.name, rowHeader: true }],
      detail: (r) => (r.id === 'b' ? 'more about Ben' : null),
      wrap: false,
    });
    expect(html).toContain('<th scope="row">Ana</th>');
    expect(html).toContain('<tr><td colSpan="1">more about Ben</td></tr>');
    expect(html.match(/<tr>/g)?.length).toBe(4);
    expect(html.startsWith('<table')).toBe(true);
  });
});
