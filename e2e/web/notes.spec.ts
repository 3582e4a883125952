import { expect, test } from '@playwright/test';
import { hostForSpec } from '../support/host-process';

/**
 * Notes on an incident, in Chromium, on the local real stack: the operator writes one with
 * the keyboard (Escape drops a draft, Enter adds), it goes to the real Alertmanager as a
 * `LockstepNote` alert, and a wall screen on the viewer URL shows it — as text — with no
 * field to write one.
 */
const host = hostForSpec('stack');

test('a note written with the keyboard shows on every console, as text; a viewer gets no field', async ({ page, browser, request }) => {
  test.setTimeout(300_000);
  const stack = host().stack!;
  await page.goto(host().tokenUrl);
  expect((await request.post(`${stack.demo}/api/incidents/bad-release`)).ok()).toBe(true);
  const incidentTab = page.locator('[data-testid="incident-item"][data-status="open"][data-services*="lock-service"]');
  await expect(incidentTab).toHaveCount(1, { timeout: 150_000 });
  await incidentTab.click();
  const detail = page.getByTestId('incident-detail');
  const incidentId = await detail.getAttribute('data-incident-id');

  // Reachable by keyboard from the incident: Tab until the field has focus.
  await incidentTab.focus();
  const field = page.getByTestId('note-text');
  for (let i = 0; i < 25 && !(await field.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(field).toBeFocused();

  // Escape drops a draft: nothing is sent.
  await page.keyboard.type('not this one');
  await page.keyboard.press('Escape');
  await expect(field).toHaveValue('');
  await expect(field).not.toBeFocused();
  await expect(page.locator('[data-testid="timeline-item"][data-kind="note"]')).toHaveCount(0);

  // Enter adds it; Shift+Enter was a new line inside it.
  const text = '<b>rolled back</b> lock-service — pay\u202Etxt.exe';
  await field.focus();
  await page.keyboard.insertText(text);
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.insertText('vendor paged');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('note-result')).toContainText('Note added.');
  await expect(field).toHaveValue('');
  const note = page.getByTestId('timeline-note');
  await expect(note).toHaveCount(1);
  await expect(note).toContainText('<b>rolled back</b> lock-service');
  await expect(note).toContainText('vendor paged');
  await expect(note).toContainText('Ana on-call');
  await expect(note.getByTestId('bidi-mark')).toHaveText('⟨U+202E⟩');
  await expect(note.locator('b')).toHaveCount(0);

  // It is a LockstepNote alert in the real Alertmanager, on that incident.
  const alerts = (await (await request.get(`${stack.alertmanager}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string>; annotations: Record<string, string> }>;
  const posted = alerts.filter((a) => a.labels.alertname === 'LockstepNote');
  expect(posted).toHaveLength(1);
  expect(posted[0]!.labels.lockstep_incident).toBe(incidentId);
  expect(posted[0]!.annotations).toMatchObject({ author: 'Ana on-call', text: `${text}\nvendor paged` });
  // Never in the alert list.
  await expect(page.locator('[data-testid="alert-item"][data-alertname="LockstepNote"]')).toHaveCount(0);

  // A wall screen on the viewer URL sees the note and has no field to write one.
  const wall = await browser.newPage();
  try {
    await wall.goto(host().viewerUrl);
    await expect(wall.getByTestId('acting-as')).toHaveAttribute('data-role', 'viewer');
    await wall.locator('[data-testid="incident-item"][data-status="open"][data-services*="lock-service"]').click();
    await expect(wall.getByTestId('timeline-note')).toContainText('vendor paged');
    await expect(wall.getByTestId('timeline-note').getByTestId('bidi-mark')).toHaveText('⟨U+202E⟩');
    await expect(wall.getByTestId('note-form')).toHaveCount(0);
  } finally {
    await wall.close();
  }
});
