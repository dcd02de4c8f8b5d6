/** The host makes the kiosk's text larger, its colours plainer, and 签到成功 spoken; the kiosk applies it at once. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { speak } from '../../src/ui/speak';
import { renderKiosk } from './kiosk-harness';

afterEach(() => document.documentElement.classList.remove('large-text', 'high-contrast'));

describe('display preferences', () => {
  it('turns on large text and high contrast from host mode, and keeps them', async () => {
    const { settings } = await renderKiosk();
    fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
    await screen.findByText('请输入店员管理密码', {}, { timeout: 10_000 });
    for (const d of '2468') fireEvent.click(screen.getByRole('button', { name: d }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    fireEvent.click(await screen.findByRole('button', { name: '大字体：关' }));
    fireEvent.click(await screen.findByRole('button', { name: '高对比度：关' }));
    await waitFor(() => expect(document.documentElement.classList.contains('high-contrast')).toBe(true));
    expect(document.documentElement.classList.contains('large-text')).toBe(true);
    expect(await settings.getDisplayPrefs()).toEqual({ largeText: true, highContrast: true, speak: false });
  });

  it('stays silent where the device has no voice for the language', () => {
    const spoken: string[] = [];
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        lang = '';
        voice: unknown = null;
        constructor(readonly text: string) {}
      },
    );
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [{ lang: 'en-US' }],
      cancel: () => {},
      speak: (u: { text: string }) => spoken.push(u.text),
    });
    expect(speak('签到成功', 'zh-CN')).toBe(false);
    expect(speak('You are tapped in', 'en')).toBe(true);
    expect(spoken).toEqual(['You are tapped in']);
    vi.unstubAllGlobals();
  });
});
