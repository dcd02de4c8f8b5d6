import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import { findMemberByCard, type FoundMember } from '../../db/people';
import { usePeopleT } from '../../i18n/people';
import { createFrameReader } from './qr-decode';

export interface CardScannerProps {
  db: KioskDb;
  onFound: (member: FoundMember) => void;
}

type ScanProblem = 'no_camera' | 'not_a_card' | 'unknown_member' | 'forged' | null;

/** The kiosk camera, read a few times a second until a member card is recognised. */
export function CardScanner({ db, onFound }: CardScannerProps) {
  const t = usePeopleT();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<ScanProblem>(null);
  const [started, setStarted] = useState(false);
  const found = useRef(onFound);
  found.current = onFound;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastBad = '';
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: false,
        });
      } catch {
        if (!stopped) setProblem('no_camera');
        return;
      }
      const el = video.current;
      if (stopped || !el) return stream.getTracks().forEach((tr) => tr.stop());
      el.srcObject = stream;
      await el.play().catch(() => undefined);
      setStarted(true);
      const read = await createFrameReader();
      const tick = async () => {
        if (stopped) return;
        const text = await read(el).catch(() => null);
        if (text && !stopped) {
          const result = await findMemberByCard(db, text);
          if ('member' in result) {
            stopped = true;
            found.current(result.member);
            return;
          }
          if (text !== lastBad) {
            lastBad = text;
            setProblem(result.error);
          }
        }
        timer = setTimeout(() => void tick(), 150);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [db]);

  const message = {
    no_camera: t.scanNoCamera,
    not_a_card: t.scanNotCard,
    unknown_member: t.scanUnknown,
    forged: t.scanForged,
  } as const;
  return (
    <div class="scanner">
      <video ref={video} class="scanner-video" muted playsInline aria-label={t.scanHint} />
      {!started && !problem && <p class="hint">{t.scanStarting}</p>}
      {problem && (
        <p class="error" role="alert">
          {message[problem]}
        </p>
      )}
    </div>
  );
}
