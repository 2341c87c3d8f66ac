import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ExpiryText from './ExpiryText.vue';
import { formatExact } from './status';

describe('ExpiryText', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-28T10:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows the relative expiry with the exact time on hover', () => {
    const at = '2026-11-28T10:45:00.000Z';
    const wrapper = mount(ExpiryText, { props: { at } });
    const time = wrapper.get('time');
    expect(time.attributes('datetime')).toBe(at);
    expect(time.attributes('title')).toBe(formatExact(at, 'en'));
    expect(time.text()).toContain('in 45 minutes');
  });

  it('moves on as time passes and marks an expired token', async () => {
    const wrapper = mount(ExpiryText, { props: { at: '2026-11-28T10:00:20.000Z' } });
    expect(wrapper.get('time').text()).toContain('in 20 seconds');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(wrapper.get('time').text()).toContain('expired 40 seconds ago');
    expect(wrapper.get('time').classes()).toContain('gk-expired');
  });

  it('shows a dash when there is no token', () => {
    const wrapper = mount(ExpiryText, { props: { at: null } });
    expect(wrapper.find('time').exists()).toBe(false);
    expect(wrapper.text()).toBe('—');
  });
});
