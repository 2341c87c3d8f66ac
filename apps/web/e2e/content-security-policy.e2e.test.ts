import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiProcess } from './support/api-process';
import { launchChromium } from './support/browser';

const ADMIN_EMAIL = 'admin@grantkeeper.test';
const ADMIN_PASSWORD = 'csp-admin-password-2c7e';

let api: ApiProcess;
let browser: Browser;
let page: Page;
/** Every CSP violation Chromium reported (console messages and page errors). */
const violations: string[] = [];

beforeAll(async () => {
  api = await startApi({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => {
    if (/Content[- ]Security[- ]Policy/i.test(error.message)) violations.push(error.message);
  });
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the console under its Content-Security-Policy', () => {
  it('is served with the policy', async () => {
    const response = await page.goto(`${api.url}/connections`);
    const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`connect-src 'self' ${api.url.replace(/^http/, 'ws')}`);
  });

  it('signs in, opens its live WebSocket and renders the PrimeVue pages without a violation', async () => {
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/connections$/);
    // The subscription socket (connect-src) is up.
    await page.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();
    // Themed components (styles injected at run time) render styled, not bare.
    const button = page.getByRole('link', { name: 'New connection' });
    expect(await button.evaluate((el) => getComputedStyle(el).borderRadius)).not.toBe('0px');
    await button.click();
    await page.waitForURL(/\/connections\/new$/);
    await page.getByTestId('save-connection').click();
    await expect(page.locator('#code-error').textContent()).resolves.toContain('Enter a code');
    await page.goto(`${api.url}/api-keys`);
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  });
});
