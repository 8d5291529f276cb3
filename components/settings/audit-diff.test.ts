// The audit log's before/after diff, rendered as the Settings page shows it.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { diffFields } from '../../engine/audit/model';
import { Diff } from './audit-log';

describe('audit diff', () => {
  it('lists only the fields that changed, with before and after', () => {
    expect(diffFields({ name: 'A', role: 'dispatcher', skills: ['x'] }, { name: 'B', role: 'dispatcher', skills: ['x', 'y'] })).toEqual([
      { field: 'name', before: 'A', after: 'B' },
      { field: 'skills', before: ['x'], after: ['x', 'y'] },
    ]);
    // A creation has no before, a deletion no after.
    expect(diffFields(null, { name: 'New' })).toEqual([{ field: 'name', before: null, after: 'New' }]);
    expect(diffFields({ name: 'Gone' }, null)).toEqual([{ field: 'name', before: 'Gone', after: null }]);
  });

  it('renders a table of the changed fields', () => {
    const html = renderToStaticMarkup(createElement(Diff, { before: { permissions: ['reallocate'] }, after: { permissions: ['publish_flows', 'reallocate'] } }));
    expect(html).toContain('<code>permissions</code>');
    expect(html).toContain('[&quot;reallocate&quot;]');
    expect(html).toContain('[&quot;publish_flows&quot;,&quot;reallocate&quot;]');
    expect(renderToStaticMarkup(createElement(Diff, { before: { a: 1 }, after: { a: 1 } }))).toContain('No field changed');
  });
});
