import { useEffect, useState } from 'preact/hooks';
import { useSuggestionT } from '../../i18n/suggestions';

/** The photo about to go with the suggestion, with retake and remove. */
export function PhotoPreview({
  photo,
  onRetake,
  onRemove,
}: {
  photo: { type: string; bytes: Uint8Array };
  onRetake: () => void;
  onRemove: () => void;
}) {
  const s = useSuggestionT();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([photo.bytes as Uint8Array<ArrayBuffer>], { type: photo.type }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [photo]);
  return (
    <div class="photo-preview">
      {url && <img src={url} alt={s.photoAlt} class="photo-thumb" />}
      <div class="photo-preview-side">
        <p class="notice-ok">{s.photoKept(Math.max(1, Math.round(photo.bytes.length / 1024)))}</p>
        <div class="photo-preview-actions">
          <button type="button" class="btn btn-secondary btn-small" onClick={onRetake}>
            {s.photoRetake}
          </button>
          <button type="button" class="btn btn-secondary btn-small" onClick={onRemove}>
            {s.photoRemove}
          </button>
        </div>
      </div>
    </div>
  );
}
