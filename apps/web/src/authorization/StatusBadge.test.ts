import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { primeVue } from '../test-support';
import StatusBadge from './StatusBadge.vue';

describe('StatusBadge', () => {
  it.each([
    ['AUTHORIZED', 'Authorized', 'p-tag-success'],
    ['NOT_AUTHORIZED', 'Not Authorized', 'p-tag-secondary'],
    ['REAUTHORIZATION_REQUIRED', 'Reauthorization required', 'p-tag-danger'],
  ] as const)('shows %s as "%s"', (status, label, severityClass) => {
    const wrapper = mount(StatusBadge, { props: { status }, global: { plugins: [primeVue] } });
    const tag = wrapper.get('[data-testid="status-badge"]');
    expect(tag.text()).toBe(label);
    expect(tag.attributes('data-status')).toBe(status);
    expect(tag.classes()).toContain(severityClass);
    expect(tag.attributes('title')).toBeTruthy();
  });

  it('shows Not Authorized when the connection has no authorization yet', () => {
    const wrapper = mount(StatusBadge, { props: { status: null }, global: { plugins: [primeVue] } });
    expect(wrapper.text()).toBe('Not Authorized');
  });

  it('explains the status on a button press (keyboard and touch), not only on hover', async () => {
    const wrapper = mount(StatusBadge, { props: { status: 'REAUTHORIZATION_REQUIRED' }, global: { plugins: [primeVue] } });
    const help = wrapper.get('[data-testid="status-help"]');
    expect(help.element.tagName).toBe('BUTTON');
    expect(help.attributes('aria-label')).toContain('Reauthorization required');
    expect(help.attributes('aria-expanded')).toBe('false');
    expect(wrapper.find('[data-testid="status-explanation"]').exists()).toBe(false);

    await help.trigger('click');
    const explanation = wrapper.get('[data-testid="status-explanation"]');
    expect(help.attributes('aria-expanded')).toBe('true');
    expect(help.attributes('aria-controls')).toBe(explanation.attributes('id'));
    expect(explanation.text()).toContain('Use Start Authorization');

    await help.trigger('keydown', { key: 'Escape' });
    expect(help.attributes('aria-expanded')).toBe('false');
    expect(wrapper.find('[data-testid="status-explanation"]').exists()).toBe(false);
  });
});
