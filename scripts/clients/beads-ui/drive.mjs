// Drives beads-ui 0.12.0 in headless Chromium against a rig filled by populate.sh: every view, and every edit the UI
// offers, each edit checked back with `bd show <id> --json`. run.sh starts the server and gives this what it needs:
//   UI_URL (the server), UI_IDS (populate.sh's KEY=ID lines), UI_PROJECT (the rig's folder), UI_LOG (the server's log),
//   BD (our bd), PLAYWRIGHT (a folder whose node_modules has playwright-core), CHROMIUM (the browser binary);
//   BEADS_DATA_DIR and BD_HOST reach bd through the environment.
// Prints one line per failing check and `beads-ui: N of M pass`; exits 0 when it ran, 1 when it could not.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const need = (name) => process.env[name] || cannot(`${name} is not set (run this through run.sh)`);
function cannot(why) {
  console.error(`beads-ui: cannot run: ${why}`);
  process.exit(1);
}
const base = need('UI_URL');
const ids = Object.fromEntries(fs.readFileSync(need('UI_IDS'), 'utf8').trim().split('\n').map((l) => l.split('=')));
const project = need('UI_PROJECT');
const logPath = need('UI_LOG');
const bdBin = need('BD');
const { chromium } = createRequire(path.join(need('PLAYWRIGHT'), 'package.json'))('playwright-core');

function bd(...args) {
  // stderr is kept: a failing bd throws with it, and a show of a deleted issue is meant to fail.
  return execFileSync(bdBin, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function show(id) {
  const v = JSON.parse(bd('show', id, '--json'));
  return Array.isArray(v) ? v[0] : v;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let browser;
try {
  // --no-sandbox: Chromium's sandbox refuses to start as root, which is how this usually runs.
  browser = await chromium.launch({ executablePath: need('CHROMIUM'), headless: true, args: ['--no-sandbox'] });
} catch (e) {
  cannot(`Chromium did not start: ${String(e.message || e).split('\n')[0]}`);
}
// The Board's Closed column is off-screen below about 1500 px of width.
const context = await browser.newContext({ viewport: { width: 1720, height: 1000 } });
const page = await context.newPage();

const results = [];
let cur = null;
page.on('pageerror', (e) => cur && cur.pageErrors.push(String(e && e.message ? e.message : e)));
// A subscription or mutation that bd failed comes back as an error reply on the WebSocket, carrying bd's stderr.
page.on('websocket', (ws) => {
  ws.on('framereceived', (f) => {
    if (!cur) return;
    try {
      const m = JSON.parse(String(f.payload));
      if (m.ok === false) cur.wsErrors.push(`${m.type}: ${m.error?.code} ${m.error?.message}`);
    } catch {}
  });
});

const oneLine = (text, limit = 300) => {
  const t = String(text).replace(/\s+/g, ' ').trim();
  return t.length <= limit ? t : t.slice(0, limit - 1) + '…';
};

async function step(name, fn) {
  const logStart = fs.statSync(logPath).size;
  cur = { name, checks: [], pageErrors: [], wsErrors: [] };
  try {
    await fn(cur);
  } catch (e) {
    cur.checks.push({ what: 'step threw', ok: false, detail: String(e && e.message ? e.message : e).split('\n')[0] });
  }
  await sleep(300);
  // beads-ui opens a modal "fatal error" dialog when a subscription's bd command fails: note it and dismiss it, or
  // it would block the next steps.
  try {
    const fatal = page.locator('#fatal-error-dialog[open]');
    if (await fatal.count()) {
      cur.fatalDialog = await fatal.innerText();
      await page.click('#fatal-error-close');
    }
  } catch {}
  // beads-ui logs a failed bd run only in its debug log (run.sh sets DEBUG).
  const bdFailures = fs.readFileSync(logPath, 'utf8').slice(logStart).split('\n').filter((l) => /exited with code/.test(l));
  const failed = cur.checks.filter((c) => !c.ok);
  const ok = cur.checks.length > 0 && !failed.length && !cur.pageErrors.length && !cur.wsErrors.length && !cur.fatalDialog;
  results.push(ok);
  if (!ok) {
    const why = [
      ...failed.map((c) => c.what + (c.detail ? ` (${c.detail})` : '')),
      ...cur.wsErrors.map((e) => `ws error ${e}`),
      ...cur.pageErrors.map((e) => `page error ${e}`),
      ...(cur.fatalDialog ? [`fatal dialog "${cur.fatalDialog}"`] : []),
      ...bdFailures.map((l) => `server log: ${l}`)
    ];
    console.log(`FAIL ${name}: ${oneLine(why.join('; '), 600)}`);
  }
  cur = null;
}
function check(c, what, ok, detail = '') {
  c.checks.push({ what, ok: !!ok, detail: typeof detail === 'string' ? detail : JSON.stringify(detail) });
}
async function waitFor(fn, ms = 5000) {
  const end = Date.now() + ms;
  let v;
  while (Date.now() < end) {
    try {
      v = await fn();
      if (v) return v;
    } catch {}
    await sleep(150);
  }
  return v;
}
async function go(hash) {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await sleep(900);
}
async function openDetail(id) {
  // always re-open (fresh issue-detail subscription = fresh `bd show <id> --json`)
  if (await page.locator('#issue-dialog[open]').count()) await closeDetail();
  await go('#/issues');
  await go(`#/issues?issue=${encodeURIComponent(id)}`);
  await page.waitForSelector('#issue-dialog[open] #detail-root', { timeout: 8000 });
  await sleep(400);
}
async function closeDetail() {
  const btn = page.locator('#issue-dialog[open] .issue-dialog__close');
  if (await btn.count()) await btn.click();
  await sleep(300);
}
const D = '#issue-dialog[open] #detail-root';

// ---------------------------------------------------------------- views
await step('load app (issues list, default)', async (c) => {
  await page.goto(base, { waitUntil: 'load' });
  await page.waitForSelector('#list-root', { timeout: 10000 });
  await waitFor(async () => (await page.locator('#list-root tr.issue-row').count()) > 0, 6000);
  const n = await page.locator('#list-root tr.issue-row').count();
  const expected = JSON.parse(bd('list', '--json', '--tree=false')).length;
  check(c, `issues list shows the ${expected} rows of bd list`, n === expected, `rows=${n}`);
  const rowText = await page.locator(`#list-root tr[data-issue-id="${ids.C}"]`).innerText();
  check(c, 'row of C shows title, assignee and dependency count', /Cart total rounding bug/.test(rowText) && /alice/.test(rowText) && /→1/.test(rowText), rowText.replace(/\s+/g, ' '));
});

async function statusFilter(label) {
  await page.locator('.panel__header .filter-dropdown').nth(0).locator('.filter-dropdown__trigger').click();
  await page.locator('.panel__header .filter-dropdown.is-open label.filter-dropdown__option', { hasText: label }).locator('input').click();
  await page.locator('.panel__header .filter-dropdown').nth(0).locator('.filter-dropdown__trigger').click();
  await sleep(1000);
}
// Each filter must show what the bd command behind its subscription gives.
for (const [label, cmdArgs] of [
  ['Ready', ['ready', '--limit', '1000', '--json']],
  ['In progress', ['list', '--json', '--tree=false', '--status', 'in_progress']],
  ['Closed', ['list', '--json', '--tree=false', '--status', 'closed', '--limit', '1000']]
]) {
  await step(`issues list filter: status ${label}`, async (c) => {
    await go('#/issues');
    await statusFilter(label);
    const n = await waitFor(async () => {
      const k = await page.locator('#list-root tr.issue-row').count();
      return k > 0 ? k : 0;
    }, 5000);
    const expected = JSON.parse(bd(...cmdArgs)).length;
    check(c, `${label} filter shows ${expected} rows (bd ${cmdArgs.join(' ')})`, n === expected, `rows=${n}`);
    await statusFilter(label); // un-tick again
  });
}
await step('issues list filter: type Bug + search', async (c) => {
  await go('#/issues');
  await page.locator('.panel__header .filter-dropdown').nth(1).locator('.filter-dropdown__trigger').click();
  await page.locator('.panel__header .filter-dropdown.is-open label.filter-dropdown__option', { hasText: 'Bug' }).locator('input').click();
  await page.locator('.panel__header .filter-dropdown').nth(1).locator('.filter-dropdown__trigger').click();
  await sleep(500);
  const n = await page.locator('#list-root tr.issue-row').count();
  check(c, 'type=bug shows the 2 open bugs', n === 2, `rows=${n}`);
  await page.locator('.panel__header .filter-dropdown').nth(1).locator('.filter-dropdown__trigger').click();
  await page.locator('.panel__header .filter-dropdown.is-open label.filter-dropdown__option', { hasText: 'Bug' }).locator('input').click();
  await page.locator('.panel__header .filter-dropdown').nth(1).locator('.filter-dropdown__trigger').click();
  await page.fill('.panel__header input[type=search]', 'payment');
  await sleep(500);
  const m = await page.locator('#list-root tr.issue-row').count();
  check(c, 'search "payment" shows 1 row', m === 1, `rows=${m}`);
  await page.fill('.panel__header input[type=search]', '');
  await sleep(300);
});

await step('epics view', async (c) => {
  await go('#/epics');
  await waitFor(async () => (await page.locator('.epic-group').count()) >= 3, 6000);
  const groups = await page.locator('.epic-group').count();
  check(c, 'epics view lists the 3 epics (bd epic status --json)', groups === 3, `epic groups=${groups}`);
  if (groups > 0) {
    // The first epic opens by itself; its children come from `bd show <epic> --json` (its dependents).
    await waitFor(async () => (await page.locator('.epic-children tbody tr').count()) >= 3, 6000);
    const children = await page.locator('.epic-children tbody tr').count();
    check(c, 'first epic lists its 3 children', children === 3, `child rows=${children}`);
  }
});

await step('board view', async (c) => {
  await go('#/board');
  await sleep(1500);
  const count = async (col) => page.locator(`#${col} .board-card`).count();
  const got = { blocked: await count('blocked-col'), ready: await count('ready-col'), inprog: await count('in-progress-col'), closed: await count('closed-col') };
  const exp = {
    blocked: JSON.parse(bd('blocked', '--json')).length,
    ready: JSON.parse(bd('ready', '--limit', '1000', '--json')).length,
    inprog: JSON.parse(bd('list', '--json', '--tree=false', '--status', 'in_progress')).length
  };
  check(c, `blocked column = bd blocked (${exp.blocked})`, got.blocked === exp.blocked, got);
  check(c, `in progress column = ${exp.inprog}`, got.inprog === exp.inprog, got);
  check(c, `ready column has cards (bd ready: ${exp.ready})`, got.ready > 0 && got.ready <= exp.ready, got);
  check(c, 'closed column (today) shows the 2 closed today', got.closed === 2, got);
});

await step('board: drag a Ready card to In Progress', async (c) => {
  await go('#/board');
  await sleep(1000);
  const id = ids.J;
  const card = page.locator(`#ready-col .board-card[data-issue-id="${id}"]`);
  check(c, `card ${id} is in Ready`, (await card.count()) === 1);
  await card.dragTo(page.locator('#in-progress-col .board-column__body'));
  const st = await waitFor(() => show(id).status === 'in_progress', 5000);
  check(c, 'bd show: status in_progress', st, show(id).status);
  await sleep(1200);
  const moved = await page.locator(`#in-progress-col .board-card[data-issue-id="${id}"]`).count();
  check(c, 'card now in the In Progress column', moved === 1);
  // and drag it to Closed
  await page.locator(`#in-progress-col .board-card[data-issue-id="${id}"]`).dragTo(page.locator('#closed-col .board-column__body'));
  const cl = await waitFor(() => show(id).status === 'closed', 5000);
  check(c, 'drag to Closed: bd show status closed', cl, show(id).status);
  await sleep(1200);
  check(c, 'card now in the Closed column', (await page.locator(`#closed-col .board-card[data-issue-id="${id}"]`).count()) === 1);
  bd('reopen', id);
});

await step('issue detail: task with labels, comments, design, acceptance', async (c) => {
  await openDetail(ids.A);
  await waitFor(async () => (await page.locator(`${D} .comment-item`).count()) >= 2, 4000);
  const t = await page.locator(D).innerText();
  check(c, 'title shown', t.includes('Design the new cart page'), '');
  check(c, 'labels ui, design shown', t.includes('ui') && t.includes('design'), '');
  check(c, 'design shown', t.includes('Two columns'));
  check(c, 'acceptance (acceptance_criteria) shown', t.includes('Matches the mock'));
  check(c, 'assignee alice shown', t.includes('alice'));
  check(c, '2 comments with authors (bd comments <id> --json)', (await page.locator(`${D} .comment-item`).count()) === 2 && t.includes('First sketch attached') && t.includes('bob'), '');
  const st = await page.locator(`${D} select.badge--status`).inputValue();
  check(c, 'status select = in_progress', st === 'in_progress', st);
  const deps = await page.locator(`${D} .props-card`, { hasText: 'Dependencies' }).locator('li').allInnerTexts();
  await closeDetail();
});
await step('issue detail: blocked bug (dependencies)', async (c) => {
  await openDetail(ids.C);
  const deps = await page.locator(`${D} .props-card:has(.props-card__title:text-is("Dependencies")) li`).allInnerTexts();
  check(c, 'Dependencies lists parent epic + blocker', deps.some((d) => d.includes('Payment provider')) && deps.some((d) => d.includes('Checkout revamp')), deps);
  const t = await page.locator(D).innerText();
  check(c, 'notes shown', t.includes('Seen with 3 decimal'));
  await closeDetail();
});
await step('issue detail: epic (dependents = children)', async (c) => {
  await openDetail(ids.E1);
  const deps = await page.locator(`${D} .props-card:has(.props-card__title:text-is("Dependents")) li`).allInnerTexts();
  check(c, 'Dependents lists the 3 children', deps.length === 3, deps);
  await closeDetail();
});
await step('issue detail: closed issue shows close reason', async (c) => {
  await openDetail(ids.F);
  const t = await page.locator(D).innerText();
  check(c, 'close reason shown', t.includes('Done with serilog'));
  check(c, 'status select = closed', (await page.locator(`${D} select.badge--status`).inputValue()) === 'closed');
  await closeDetail();
});

// ---------------------------------------------------------------- edits in the detail dialog
const X = ids.K; // the edit target
await step('detail edit: title', async (c) => {
  await openDetail(X);
  await page.locator(`${D} .detail-title span.editable`).click();
  await page.fill(`${D} .detail-title input`, 'Edited title from UI');
  await page.locator(`${D} .detail-title button`, { hasText: 'Save' }).click();
  const ok = await waitFor(() => show(X).title === 'Edited title from UI');
  check(c, 'bd show: title changed', ok, show(X).title);
  await sleep(700);
  const t = await page.locator(D).innerText();
  check(c, 'dialog still shows the issue after the edit', t.includes('Edited title from UI') && t.includes('Properties'), t.slice(0, 200));
});
await step('detail edit: status', async (c) => {
  await openDetail(X);
  await page.selectOption(`${D} select.badge--status`, 'in_progress');
  const ok = await waitFor(() => show(X).status === 'in_progress');
  check(c, 'bd show: status in_progress', ok, show(X).status);
  await sleep(700);
  check(c, 'select shows in_progress after reply', (await page.locator(`${D} select.badge--status`).inputValue()) === 'in_progress');
});
await step('detail edit: priority', async (c) => {
  await openDetail(X);
  await page.selectOption(`${D} select.badge--priority`, '0');
  const ok = await waitFor(() => show(X).priority === 0);
  check(c, 'bd show: priority 0', ok, String(show(X).priority));
  await sleep(500);
});
await step('detail edit: assignee set and clear', async (c) => {
  await openDetail(X);
  await page.locator(`${D} .prop.assignee span.editable`).click();
  await page.fill(`${D} .prop.assignee input`, 'zoe');
  await page.locator(`${D} .prop.assignee button`, { hasText: 'Save' }).click();
  const ok = await waitFor(() => show(X).assignee === 'zoe');
  check(c, 'bd show: assignee zoe', ok, String(show(X).assignee));
  await sleep(600);
  await openDetail(X);
  await page.locator(`${D} .prop.assignee span.editable`).click();
  await page.fill(`${D} .prop.assignee input`, '');
  await page.locator(`${D} .prop.assignee button`, { hasText: 'Save' }).click();
  const cleared = await waitFor(() => !show(X).assignee);
  check(c, 'bd show: assignee cleared (bd update --assignee "")', cleared, String(show(X).assignee));
  await sleep(600);
});
for (const [field, label, bdField, value] of [
  ['description', 'Edit description', 'description', 'Description **from** the UI'],
  ['design', 'Edit design', 'design', 'Design from the UI'],
  ['notes', 'Edit notes', 'notes', 'Notes from the UI'],
  ['acceptance', 'Edit acceptance criteria', 'acceptance_criteria', 'Acceptance from the UI']
]) {
  await step(`detail edit: ${field}`, async (c) => {
    await openDetail(X);
    await page.locator(`${D} [aria-label="${label}"]`).click();
    const ta = page.locator(`${D} .${field === 'description' ? 'description' : field} textarea`).first();
    const anyTa = (await ta.count()) ? ta : page.locator(`${D} textarea`).first();
    await anyTa.fill(value);
    await page.locator(`${D} .editable-actions button`, { hasText: 'Save' }).first().click();
    const ok = await waitFor(() => show(X)[bdField] === value);
    check(c, `bd show: ${bdField} set`, ok, String(show(X)[bdField]));
    await sleep(600);
  });
}
await step('detail edit: add and remove label', async (c) => {
  await openDetail(X);
  await page.fill(`${D} .props-card.labels input`, 'from-ui');
  await page.locator(`${D} .props-card.labels button`, { hasText: 'Add' }).click();
  const ok = await waitFor(() => (show(X).labels || []).includes('from-ui'));
  check(c, 'bd show: label from-ui added', ok, show(X).labels || []);
  await sleep(800);
  await openDetail(X);
  const btn = page.locator(`${D} [aria-label="Remove label from-ui"]`);
  check(c, 'label badge shown in dialog', (await btn.count()) === 1);
  if (await btn.count()) {
    await btn.click();
    const gone = await waitFor(() => !(show(X).labels || []).includes('from-ui'));
    check(c, 'bd show: label removed', gone, show(X).labels || []);
  }
  await sleep(600);
});
await step('detail edit: add comment', async (c) => {
  await openDetail(X);
  await page.fill(`${D} .comment-input textarea`, 'Comment from the UI');
  await page.locator(`${D} .comment-input button`).click();
  const ok = await waitFor(() => (show(X).comments || []).some((k) => k.text === 'Comment from the UI'));
  const cs = show(X).comments || [];
  check(c, 'bd show: comment added', ok, cs);
  check(c, 'comment author = git user.name (UI Tester)', cs.some((k) => k.author === 'UI Tester'), cs.map((k) => k.author));
  await sleep(800);
  check(c, 'comment rendered in dialog', (await page.locator(`${D} .comment-item`, { hasText: 'Comment from the UI' }).count()) === 1);
});
await step('detail edit: add and remove a dependency (this depends on I)', async (c) => {
  await openDetail(X);
  await page.fill(`${D} input[data-testid="add-dependency"]`, ids.I);
  await page.locator(`${D} input[data-testid="add-dependency"] + button`).click();
  const ok = await waitFor(() => (show(X).dependencies || []).some((d) => d.id === ids.I));
  check(c, 'bd show: dependency on I added', ok, show(X).dependencies || []);
  await sleep(800);
  await openDetail(X);
  const rm = page.locator(`${D} [aria-label="Remove dependency ${ids.I}"]`);
  check(c, 'dependency listed in dialog', (await rm.count()) >= 1);
  if (await rm.count()) {
    await rm.first().click();
    const gone = await waitFor(() => !(show(X).dependencies || []).some((d) => d.id === ids.I));
    check(c, 'bd show: dependency removed', gone, show(X).dependencies || []);
  }
  await sleep(600);
});
await step('detail edit: add and remove a dependent (B depends on this)', async (c) => {
  await openDetail(X);
  await page.fill(`${D} input[data-testid="add-dependent"]`, ids.B);
  await page.locator(`${D} input[data-testid="add-dependent"] + button`).click();
  const ok = await waitFor(() => (show(ids.B).dependencies || []).some((d) => d.id === X));
  check(c, 'bd show B: depends on X', ok, show(ids.B).dependencies || []);
  await sleep(1500);
  const afterText = (await page.locator('#issue-dialog[open]').innerText()).replace(/\s+/g, ' ');
  check(c, 'dialog still renders the issue right after dep-add (reply of bd show is an array)', afterText.includes('Properties') && afterText.includes('Edited title from UI'), afterText.slice(0, 200));
  check(c, 'Dependents section lists B right after dep-add', (await page.locator(`${D} [aria-label="Remove dependency ${ids.B}"]`).count()) >= 1);
  await closeDetail();
  await openDetail(X);
  const rm = page.locator(`${D} [aria-label="Remove dependency ${ids.B}"]`);
  check(c, 'dependent listed in dialog', (await rm.count()) >= 1);
  if (await rm.count()) {
    await rm.first().click();
    const gone = await waitFor(() => !(show(ids.B).dependencies || []).some((d) => d.id === X));
    check(c, 'bd show B: dependency removed', gone, show(ids.B).dependencies || []);
  }
  await sleep(600);
  await closeDetail();
});

// ---------------------------------------------------------------- inline edits in the list
await step('list inline edit: status, priority, title, assignee', async (c) => {
  const id = ids.I;
  await go('#/issues');
  await sleep(800);
  const row = () => page.locator(`#list-root tr[data-issue-id="${id}"]`);
  // Saving an inline edit with Enter also opens that row's issue dialog (a beads-ui quirk): close it to go on.
  const unblock = async () => {
    if (await page.locator('#issue-dialog[open]').count()) {
      await closeDetail();
      await go('#/issues');
    }
  };
  await row().locator('select.badge--status').selectOption('in_progress');
  check(c, 'bd show: status in_progress', await waitFor(() => show(id).status === 'in_progress'), show(id).status);
  await sleep(1200);
  await unblock();
  await row().locator('select.badge--priority').selectOption('1');
  check(c, 'bd show: priority 1', await waitFor(() => show(id).priority === 1), String(show(id).priority));
  await sleep(1200);
  await unblock();
  await row().locator('td').nth(2).locator('span').first().click();
  await row().locator('input.inline-edit').fill('Upgrade Node (inline)');
  await row().locator('input.inline-edit').press('Enter');
  check(c, 'bd show: title', await waitFor(() => show(id).title === 'Upgrade Node (inline)'), show(id).title);
  await sleep(1200);
  await unblock();
  await row().locator('td').nth(4).locator('span').first().click();
  await row().locator('input.inline-edit').fill('yuki');
  await row().locator('input.inline-edit').press('Enter');
  check(c, 'bd show: assignee', await waitFor(() => show(id).assignee === 'yuki'), String(show(id).assignee));
  await sleep(1500);
  await unblock();
  const rowText = (await row().innerText()).replace(/\s+/g, ' ');
  check(c, 'row shows the new title and assignee (pushed by the server)', rowText.includes('Upgrade Node (inline)') && rowText.includes('yuki'), rowText);
});

// ---------------------------------------------------------------- create dialog
await step('create issue dialog', async (c) => {
  await go('#/issues');
  await page.click('#new-issue-btn');
  await page.waitForSelector('#new-issue-dialog[open]', { timeout: 4000 });
  await page.fill('#new-title', 'Created from the UI');
  await page.selectOption('#new-type', 'bug');
  await page.selectOption('#new-priority', '1');
  await page.fill('#new-labels', 'ui-made,triage');
  await page.fill('#new-description', 'Made by the create dialog');
  await page.click('#btn-create');
  const made = await waitFor(() => JSON.parse(bd('list', '--json', '--tree=false', '--title', 'Created from the UI')).find((i) => i.title === 'Created from the UI'), 6000);
  check(c, 'bd list: issue created', !!made, '');
  if (made) {
    const s = show(made.id);
    check(c, 'type bug, priority 1, description', s.issue_type === 'bug' && s.priority === 1 && s.description === 'Made by the create dialog', { t: s.issue_type, p: s.priority, d: s.description });
    check(c, 'labels ui-made, triage applied (beads-ui looks the new id up with list-issues)', (s.labels || []).includes('ui-made'), s.labels || []);
    ids.NEW = made.id;
  }
  await sleep(1500);
  check(c, 'new row appears in the list', (await page.locator('#list-root tr.issue-row', { hasText: 'Created from the UI' }).count()) === 1);
});

// ---------------------------------------------------------------- delete
await step('detail: delete issue', async (c) => {
  const id = ids.NEW || ids.K;
  await openDetail(id);
  await page.locator(`${D} .delete-issue-btn`).click();
  await page.waitForSelector('#delete-confirm-dialog[open]', { timeout: 3000 });
  await page.click('#delete-confirm-btn');
  await sleep(1500);
  let gone = false;
  let st = '';
  try {
    const s = show(id);
    st = s.status;
    gone = s.status === 'tombstone' || !!s.deleted_at;
  } catch {
    gone = true; // bd show fails on an id that is gone
  }
  check(c, `bd: ${id} deleted (bd delete ${id} --force)`, gone, `status=${st}`);
});

// ---------------------------------------------------------------- live update from shell
await step('live: shell bd update shows on the open list', async (c) => {
  await go('#/issues');
  await sleep(1200);
  bd('update', ids.D, '--title', 'Export metrics (shell edit)');
  const seen = await waitFor(async () => (await page.locator(`#list-root tr[data-issue-id="${ids.D}"]`).innerText()).includes('shell edit'), 6000);
  check(c, 'row updated without reload', seen);
});

// ---------------------------------------------------------------- workspace picker
await step('workspace picker (list-workspaces; no bd call)', async (c) => {
  const t = await page.locator('#workspace-picker').innerText();
  check(c, 'picker names the project', t.includes('project'), t);
});

await browser.close();
console.log(`beads-ui: ${results.filter((ok) => ok).length} of ${results.length} pass`);
