import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

// The flow designer as an admin uses it: palette by keyboard, edges by dragging between handles,
// everything found by role and label.
const run = Date.now().toString(36);
const FLOW = `E2E Dispatcher > Service Group > Service Provider > Engineer ${run}`;

const node = (page: Page, kind: string, label = kind) => page.getByLabel(`${kind} node: ${label}`, { exact: false }).first();
const edgeCount = (page: Page) => page.locator('.react-flow__edge').count();

/** Drags from a node's out-handle to another node's in-handle, as a person would with the mouse. */
async function connect(page: Page, from: string, to: string) {
  const a = await page.getByLabel(`Connect from ${from}`, { exact: true }).boundingBox();
  const b = await page.getByLabel(`Connect into ${to}`, { exact: true }).boundingBox();
  if (!a || !b) throw new Error(`handles of ${from} → ${to} are not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Fits the flow, then one zoom step out, so no handle sits under the minimap. */
async function fitWithMargin(page: Page) {
  await page.getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.waitForTimeout(300);
}

async function problems(page: Page) {
  return page.getByRole('region', { name: 'Problems' }).getByRole('button').allTextContents();
}

async function createFlow(page: Page, name: string, template?: string) {
  await page.goto('/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  const dialog = page.getByRole('dialog', { name: 'New flow' });
  await dialog.getByLabel('Name').fill(name);
  if (template) await dialog.getByLabel('Start from').selectOption({ label: `Template: ${template}` });
  await dialog.getByRole('button', { name: 'Create flow' }).click();
  await page.waitForURL(/\/flows\/[^/?]+$/, { timeout: 60_000 });
  await node(page, 'Start').waitFor({ timeout: 60_000 });
}

describe('flow designer in the browser', () => {
  const browser = useBrowser();
  let page: Page;
  beforeAll(async () => {
    page = await browser.as('admin@hudson.example', { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  });

  it('builds Dispatcher > Service Group > Service Provider > Engineer from an empty canvas, fixes a problem and publishes', async () => {
    await createFlow(page, FLOW);
    expect(await page.locator('.react-flow__node').count()).toBe(2);

    // Nodes from the palette, by keyboard: each lands below the selected node.
    await node(page, 'Start').click();
    for (const kind of ['Assign service group', 'Service group internal assignment', 'Provider assigns engineer', 'Engineer accepts']) {
      await page.getByRole('button', { name: `Add ${kind} node` }).press('Enter');
      await node(page, kind).waitFor();
    }
    expect(await page.locator('.react-flow__node').count()).toBe(6);
    await fitWithMargin(page);

    await connect(page, 'Start', 'Assign service group');
    await connect(page, 'Assign service group', 'Service group internal assignment');
    await connect(page, 'Service group internal assignment', 'Provider assigns engineer');
    await connect(page, 'Provider assigns engineer', 'Engineer accepts');
    await expect.poll(() => edgeCount(page)).toBe(4);

    // Refused while drawing: an edge back up the flow would make a cycle.
    await connect(page, 'Engineer accepts', 'Assign service group');
    await page.getByRole('status').filter({ hasText: "Can't connect: This edge would make a cycle" }).waitFor();
    expect(await edgeCount(page)).toBe(4);

    // The validation error: the last node has no way out. It is on the node, in the list, and blocks publishing.
    await expect.poll(() => problems(page)).toEqual(
      expect.arrayContaining([expect.stringContaining('Node "engineer-accept" has no way out'), expect.stringContaining('No end can be reached from node "start"')]),
    );
    expect(await node(page, 'Engineer accepts').getAttribute('aria-label')).toContain('has a problem');
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
    await page.getByRole('region', { name: 'Problems' }).getByRole('button').first().click();
    await page.getByRole('region', { name: 'Properties' }).getByText('handled by the assignee').waitFor();

    // Fix it.
    await fitWithMargin(page);
    if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/before-fix.png` });
    await connect(page, 'Engineer accepts', 'End');
    await expect.poll(() => edgeCount(page)).toBe(5);
    await expect.poll(() => problems(page)).toEqual([]);
    await page.getByText('No problems. The flow can be published.').waitFor();

    // Properties of a dispatch node.
    await node(page, 'Assign service group').click();
    const props = page.getByRole('region', { name: 'Properties' });
    await props.getByLabel('Label').fill('Dispatcher assigns service group');
    await props.getByLabel('Overdue after (minutes in queue)').fill('45');
    await props.getByLabel('Reassign').check();
    await node(page, 'Assign service group', 'Dispatcher assigns service group').waitFor();

    await expect.poll(() => page.getByRole('button', { name: 'Publish' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Publish' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 1' });
    await dialog.getByRole('list', { name: 'Changes' }).waitFor();
    expect(await dialog.getByRole('listitem').count()).toBe(11);
    await dialog.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Published version 1' }).waitFor();
    await page.getByRole('region', { name: 'Version history' }).getByText('Version 1').waitFor();

    // The diff before the next publish shows only what changed.
    await node(page, 'Engineer accepts').click();
    await page.getByRole('region', { name: 'Properties' }).getByLabel('Label').fill('Engineer confirms');
    await page.getByRole('button', { name: 'Publish' }).click();
    const second = page.getByRole('dialog', { name: 'Publish version 2' });
    await second.getByText('changed node Engineer confirms: label').waitFor();
    await second.getByRole('button', { name: 'Cancel' }).click();

    // Version 1 opens read-only.
    await page.getByRole('link', { name: 'Open version 1' }).click();
    await page.getByText('Version 1 · read-only').waitFor();
    await node(page, 'Engineer accepts').waitFor();
    expect(await page.getByRole('button', { name: 'Add End node' }).count()).toBe(0);
    // Restoring it makes it the draft again (the label typed after publishing is gone).
    await page.getByRole('button', { name: 'Restore version 1 as draft' }).click();
    await page.waitForURL(/\/flows\/[^/?]+$/);
    await page.getByText('Draft · version 1 published').waitFor();
    await node(page, 'Engineer accepts', 'Engineer accepts').waitFor();
    expect(await page.getByLabel('Engineer accepts node: Engineer confirms').count()).toBe(0);

    await page.goto('/flows');
    const row = page.getByRole('row', { name: new RegExp(FLOW.replace(/[.*+?^${}()|[\]\\>]/g, '\\$&')) });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('Published');
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('v1');
  }, 180_000);

  it('undoes and redoes: a node, a whole drag, a typed label; never while typing in a field', async () => {
    await createFlow(page, `E2E Undo ${run}`);
    await page.getByRole('button', { name: 'Add Assign engineer node' }).press('Enter');
    const card = node(page, 'Assign engineer');
    await card.waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(() => card.count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await card.waitFor();

    // Dragged from the palette onto the canvas.
    await page.getByRole('button', { name: 'Add End node' }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 120, y: 120 } });
    await expect.poll(() => page.getByLabel('End node: End').count()).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByLabel('End node: End').count()).toBe(1);

    // A drag of many mouse moves is one step.
    const before = (await card.boundingBox())!;
    await page.mouse.move(before.x + 60, before.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(before.x + 60 + i * 15, before.y + 20 + i * 8);
    await page.mouse.up();
    const after = (await card.boundingBox())!;
    expect(after.x - before.x).toBeGreaterThan(100);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await card.boundingBox())!.x)).toBe(Math.round(before.x));
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => Math.round((await card.boundingBox())!.x)).toBe(Math.round(after.x));

    // Typing a label, letter by letter, is one step; Ctrl+Z inside the field is the field's own.
    await card.click();
    const label = page.getByRole('region', { name: 'Properties' }).getByLabel('Label');
    await label.fill('');
    await label.pressSequentially('Night shift', { delay: 20 });
    await node(page, 'Assign engineer', 'Night shift').waitFor();
    await page.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => label.inputValue()).toBe('');
    await node(page, 'Assign engineer', 'Assign engineer').waitFor();
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => label.inputValue()).toBe('Night shift');

    // Copy and paste.
    await node(page, 'Assign engineer', 'Night shift').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.getByLabel('Assign engineer node: Night shift').count()).toBe(2);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByLabel('Assign engineer node: Night shift').count()).toBe(1);

    // An edge without the mouse, refused like on the canvas when it breaks a rule.
    await node(page, 'Assign engineer', 'Night shift').click();
    const connectTo = page.getByRole('region', { name: 'Properties' }).getByLabel('Connect to');
    await connectTo.selectOption({ label: 'End (end)' });
    await expect.poll(() => edgeCount(page)).toBe(1);
    await page.getByRole('status').filter({ hasText: 'Connected assign-engineer to end' }).waitFor();
    await node(page, 'Assign engineer', 'Night shift').click();
    await connectTo.selectOption({ label: 'End (end)' });
    await page.getByRole('status').filter({ hasText: "Can't connect: These nodes are already connected" }).waitFor();
    expect(await edgeCount(page)).toBe(1);
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  });

  it('checks a gateway condition as you type, with the error and its column', async () => {
    const name = `E2E Gateway ${run}`;
    const file = {
      name,
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'route', kind: 'gateway', label: 'Install or repair?' },
        { id: 'pick-provider', kind: 'assign_provider', label: 'Dispatcher assigns provider' },
        { id: 'sp-engineer', kind: 'provider_assign_engineer' },
        { id: 'own-engineer', kind: 'assign_engineer' },
        { id: 'accept', kind: 'engineer_accept' },
        { id: 'end', kind: 'end' },
      ],
      edges: [
        { from: 'start', to: 'route' },
        { from: 'route', to: 'pick-provider', when: 'order.category == "Install"' },
        { from: 'route', to: 'own-engineer', default: true },
        { from: 'pick-provider', to: 'sp-engineer' },
        { from: 'sp-engineer', to: 'accept' },
        { from: 'own-engineer', to: 'accept' },
        { from: 'accept', to: 'end' },
      ],
    };
    await page.goto('/flows');
    await page.getByLabel('Import flow file').setInputFiles({ name: 'gateway.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('status').filter({ hasText: `Imported “${name}”` }).waitFor();
    await page.getByRole('link', { name: `Open ${name}`, exact: true }).click();
    await node(page, 'Gateway', 'Install or repair?').waitFor();
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await page.getByRole('status').filter({ hasText: 'Laid out the flow' }).waitFor();
    await page.waitForTimeout(500);
    await expect.poll(() => problems(page)).toEqual([]);

    await page.getByLabel('Edge from route to pick-provider', { exact: true }).click({ force: true });
    const condition = page.getByRole('region', { name: 'Properties' }).getByLabel('Condition');
    await condition.fill('order.category == "Install" and order.prio > 2');
    await page.getByRole('region', { name: 'Properties' }).getByText('Line 1, column 39: unknown field "prio" of order').waitFor();
    expect(await condition.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => problems(page)).toEqual([expect.stringContaining('Condition on route → pick-provider')]);
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);

    await condition.fill('order.category == "Install" and order.priority == "Urgent"');
    await page.getByRole('region', { name: 'Properties' }).getByText('Condition is valid.').waitFor();
    await expect.poll(() => problems(page)).toEqual([]);

    // Two defaults are one too many.
    await page.getByRole('region', { name: 'Properties' }).getByLabel('Default edge').check();
    await expect.poll(() => problems(page)).toEqual([expect.stringContaining('needs exactly one default edge (it has 2)')]);
    await page.getByRole('region', { name: 'Properties' }).getByLabel('Default edge').uncheck();
    await condition.fill('order.category == "Install"');
    await expect.poll(() => problems(page)).toEqual([]);
    await expect.poll(() => page.getByRole('button', { name: 'Publish' }).isEnabled()).toBe(true);
  });

  it('exports a flow and imports the file as the same flow', async () => {
    const name = `E2E Export ${run}`;
    await createFlow(page, name, 'Dispatcher > Service Group > Service Provider > Engineer');
    expect(await page.locator('.react-flow__node').count()).toBe(7);
    await page.goto('/flows');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${name}`, exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`${name}.flow.json`);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));

    await page.getByLabel('Import flow file').setInputFiles((await download.path())!);
    await page.getByRole('status').filter({ hasText: `Imported “${name} (imported)”` }).waitFor();
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${name} (imported)`, exact: true }).click()]);
    const reimported = JSON.parse(await readFile((await again.path())!, 'utf8'));
    expect({ ...reimported, name: null }).toEqual({ ...exported, name: null });
    expect(reimported.nodes).toHaveLength(7);

    // Duplicate, then delete the copy (a draft never published).
    await page.getByRole('button', { name: `Duplicate ${name}`, exact: true }).click();
    const dup = page.getByRole('dialog', { name: `Duplicate ${name}` });
    await dup.getByRole('button', { name: 'Duplicate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Duplicated as “${name} (copy)”` }).waitFor();
    await page.getByRole('button', { name: `Delete ${name} (copy)`, exact: true }).click();
    await page.getByRole('dialog', { name: `Delete ${name} (copy)` }).getByRole('button', { name: 'Delete draft' }).click();
    await page.getByRole('status').filter({ hasText: `Deleted the draft “${name} (copy)”` }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: `Open ${name} (copy)`, exact: true }).count()).toBe(0);
  });
});
