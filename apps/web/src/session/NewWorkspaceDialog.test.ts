import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { primeVue, recordingSession, type SentRequest } from '../test-support';
import NewWorkspaceDialog from './NewWorkspaceDialog.vue';
import { SessionKey } from './session';

const mounted: Array<{ unmount(): void }> = [];
afterEach(() => {
  while (mounted.length > 0) mounted.pop()?.unmount();
  document.body.innerHTML = '';
});

async function render(respond?: (request: SentRequest) => unknown) {
  const { session, sent } = recordingSession(respond);
  const wrapper = mount(NewWorkspaceDialog, {
    props: { visible: true },
    attachTo: document.body,
    global: { plugins: [primeVue], provide: { [SessionKey as symbol]: session } },
  });
  mounted.push(wrapper);
  await flushPromises(); // PrimeVue's Portal renders after mount
  const input = (id: string) => document.getElementById(id) as HTMLInputElement;
  const fill = async (values: { slug: string; company?: string; environment?: string }) => {
    for (const [id, value] of [
      ['new-workspace-slug', values.slug],
      ['new-workspace-company', values.company ?? 'Acme'],
      ['new-workspace-environment', values.environment ?? 'sandbox'],
    ] as const) {
      input(id).value = value;
      input(id).dispatchEvent(new Event('input'));
    }
    await flushPromises();
  };
  const submit = async () => {
    document.getElementById('gk-new-workspace-form')?.dispatchEvent(new Event('submit', { cancelable: true }));
    await flushPromises();
  };
  const slugMessage = () => document.querySelector('[data-testid="new-workspace-slug-error"]')?.textContent?.trim() ?? '';
  return { wrapper, sent, input, fill, submit, slugMessage };
}

describe('NewWorkspaceDialog', () => {
  it('is a labelled modal dialog with labelled fields and environment suggestions', async () => {
    const { input } = await render();
    const dialog = document.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('New workspace');
    for (const [id, label] of [
      ['new-workspace-slug', 'Slug'],
      ['new-workspace-company', 'Company'],
      ['new-workspace-environment', 'Environment'],
    ]) {
      expect(document.querySelector(`label[for="${id}"]`)?.textContent).toBe(label);
    }
    const suggestions = Array.from(document.querySelectorAll('#new-workspace-environments option')).map((o) => o.getAttribute('value'));
    expect(suggestions).toEqual(expect.arrayContaining(['production', 'sandbox']));
    expect(input('new-workspace-environment').getAttribute('list')).toBe('new-workspace-environments');
  });

  it('rejects an invalid slug in the browser with a clear message and sends nothing', async () => {
    const { sent, input, fill, submit, slugMessage } = await render();
    await fill({ slug: 'Acme Sandbox' });
    await submit();
    expect(slugMessage()).toContain('lower-case letters (a-z), digits (0-9) and hyphens (-)');
    expect(input('new-workspace-slug').getAttribute('aria-invalid')).toBe('true');
    expect(sent).toEqual([]);

    await fill({ slug: 'x'.repeat(41) });
    expect(slugMessage()).toContain('at most 40');
    await fill({ slug: 'acme-sandbox' });
    expect(slugMessage()).toBe('');
    expect(input('new-workspace-slug').getAttribute('aria-invalid')).toBeNull();
  });

  it('sends a valid form, then reloads the workspaces and reports the new one', async () => {
    const created = { __typename: 'Workspace', id: 'w2', slug: 'acme-sandbox', company: 'Acme', environment: 'sandbox' };
    const { wrapper, sent, fill, submit } = await render((request) =>
      request.operationName === 'CreateWorkspace'
        ? { data: { createWorkspace: created } }
        : { data: { workspaces: [created] } },
    );
    await fill({ slug: ' acme-sandbox ', company: ' Acme ' });
    await submit();
    expect(sent.map((r) => r.operationName)).toEqual(['CreateWorkspace', 'Workspaces']);
    expect(sent[0]?.variables).toEqual({ input: { slug: 'acme-sandbox', company: 'Acme', environment: 'sandbox' } });
    expect(wrapper.emitted('created')?.[0]?.[0]).toMatchObject({ slug: 'acme-sandbox' });
    expect(wrapper.emitted('update:visible')?.at(-1)).toEqual([false]);
  });

  it('shows a duplicate slug (CONFLICT, by code) on the slug field and keeps the dialog open', async () => {
    const { wrapper, fill, submit, slugMessage } = await render(() => ({
      data: null,
      errors: [{ message: 'any server wording', extensions: { code: 'CONFLICT', reason: 'ALREADY_EXISTS' } }],
    }));
    await fill({ slug: 'default' });
    await submit();
    expect(slugMessage()).toBe('The slug "default" is already taken by another workspace. Choose a different slug.');
    expect(document.querySelector('[data-testid="new-workspace-problem"]')?.getAttribute('data-code')).toBe('CONFLICT');
    expect(wrapper.emitted('created')).toBeUndefined();
    expect(wrapper.emitted('update:visible')).toBeUndefined();
  });
});
