import { useState } from 'preact/hooks';
import { can } from './console-access';
import { peopleT as t } from './console-lang';

export type ExportName = 'members' | 'events' | 'signups' | 'attendance';

/** The export URL the server serves (`GET /api/v1/export/<name>`): every record in one streamed file, no page limit. */
export function exportHref(name: ExportName, format: 'csv' | 'ndjson', opts: { station?: string; clear?: boolean }) {
  const p = new URLSearchParams({ format, all: '1' });
  if (opts.station) p.set('station', opts.station);
  if (opts.clear) p.set('phones', 'clear');
  return `/api/v1/export/${name}?${p}`;
}

/** CSV (with BOM, for Excel/WPS) and NDJSON downloads of some exports; masked unless the admin ticks "in clear". */
export function ExportDownloads({
  names,
  station,
  personal = false,
}: {
  names: readonly ExportName[];
  station?: string;
  /** The exports carry names and phones, so offer them in clear. */
  personal?: boolean;
}) {
  const [clear, setClear] = useState(false);
  return (
    <section class="downloads" aria-label={t.downloads}>
      <strong>{t.downloads}</strong>
      {names.map((name) => (
        <span key={name} class="download-pair">
          {(['csv', 'ndjson'] as const).map((format) => (
            <a key={format} class="button" href={exportHref(name, format, { station, clear })} download>
              {t.downloadOf(t.exportNames[name], format === 'csv' ? 'CSV' : 'NDJSON')}
            </a>
          ))}
        </span>
      ))}
      {personal && can('phones') && (
        <label class="check" title={t.clearPhonesHint}>
          <input type="checkbox" checked={clear} onChange={(e) => setClear(e.currentTarget.checked)} />
          {t.clearPhones}
        </label>
      )}
      <small>{personal && clear ? t.clearPhonesHint : t.downloadsHint}</small>
    </section>
  );
}
