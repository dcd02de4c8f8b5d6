import { useEffect, useRef, useState } from 'preact/hooks';
import { useSuggestionT } from '../../i18n/suggestions';
import { compressPhoto } from './compress-photo';

export interface PhotoCaptureProps {
  onTaken: (photo: { type: string; bytes: Uint8Array }) => void;
  onCancel: () => void;
}

/** The kiosk camera's live picture and one big button that takes the photo (compressed on the spot). */
export function PhotoCapture({ onTaken, onCancel }: PhotoCaptureProps) {
  const s = useSuggestionT();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'starting' | 'live' | 'no_camera' | 'failed' | 'busy'>('starting');

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: false,
        });
      } catch {
        if (!stopped) setState('no_camera');
        return;
      }
      const el = video.current;
      if (stopped || !el) return stream.getTracks().forEach((tr) => tr.stop());
      el.srcObject = stream;
      await el.play().catch(() => undefined);
      if (!stopped) setState('live');
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);

  async function take() {
    const el = video.current;
    if (!el) return;
    setState('busy');
    const bytes = await compressPhoto(el, el.videoWidth, el.videoHeight).catch(() => null);
    if (bytes) onTaken({ type: 'image/jpeg', bytes });
    else setState('failed');
  }

  return (
    <div class="photo-capture">
      <video ref={video} class="scanner-video" muted playsInline aria-label={s.photoAdd} />
      {state === 'starting' && <p class="hint">{s.photoStarting}</p>}
      {(state === 'no_camera' || state === 'failed') && (
        <p class="error" role="alert">
          {state === 'no_camera' ? s.photoNoCamera : s.photoFailed}
        </p>
      )}
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {s.photoCancel}
        </button>
        <button
          type="button"
          class="btn btn-primary"
          disabled={state !== 'live' && state !== 'failed'}
          onClick={() => void take()}
        >
          {s.photoTake}
        </button>
      </div>
    </div>
  );
}
