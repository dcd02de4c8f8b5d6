import { useEffect, useState } from 'preact/hooks';
import { useHostT } from '../i18n/backstage';
import type { DeviceSettings, DisplayPrefs } from '../settings/device-settings';
import { canSpeak } from '../ui/speak';

export interface DisplaySettingsProps {
  settings: DeviceSettings;
  /** Called with the new preferences once stored, so the kiosk applies them at once. */
  onChange: (prefs: DisplayPrefs) => void;
}

/** The host's switches for large text, high contrast and a spoken 签到成功. */
export function DisplaySettings({ settings, onChange }: DisplaySettingsProps) {
  const t = useHostT();
  const [prefs, setPrefs] = useState<DisplayPrefs | null>(null);
  useEffect(() => void settings.getDisplayPrefs().then(setPrefs), [settings]);
  if (!prefs) return null;
  const toggle = (key: keyof DisplayPrefs) => {
    const next = { ...prefs, [key]: !prefs[key] };
    setPrefs(next);
    void settings.setDisplayPrefs(next).then(() => onChange(next));
  };
  const rows: [keyof DisplayPrefs, string][] = [
    ['largeText', t.largeText],
    ['highContrast', t.highContrast],
    ['speak', t.speakDone],
  ];
  return (
    <div class="display-settings">
      {rows.map(([key, label]) => (
        <button type="button" key={key} class="display-toggle" aria-pressed={prefs[key]} onClick={() => toggle(key)}>
          {t.toggleLabel(label, prefs[key])}
        </button>
      ))}
      {prefs.speak && !canSpeak('zh-CN') && <p class="hint">{t.speakNoVoice}</p>}
    </div>
  );
}
