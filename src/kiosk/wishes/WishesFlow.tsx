import { useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import type { FoundMember } from '../../db/people';
import { useLiveQuery } from '../../db/use-live-query';
import { wishesOf, wishWall, type WishView } from '../../db/wishes';
import { useLang, useT } from '../../i18n/i18n';
import { useWishesT } from '../../i18n/wishes';
import { MemberFinder } from '../people/MemberFinder';
import { shortDate, statusLine } from './WishCard';
import { WishForm } from './WishForm';
import { WishWall } from './WishWall';

export interface WishesFlowProps {
  db: KioskDb;
  stationId?: string;
  onDone: () => void;
  /** A wish was saved: the kiosk syncs soon. */
  onPosted: () => void;
}

type Step =
  | { name: 'wall' }
  | { name: 'who' }
  | { name: 'write'; poster: FoundMember | null }
  | { name: 'posted' }
  | { name: 'mineWho' }
  | { name: 'mine'; member: FoundMember };

/** 微心愿: the district's wish wall, posting a wish (as a member or anonymously), and a member's own wishes. */
export function WishesFlow({ db, stationId, onDone, onPosted }: WishesFlowProps) {
  const t = useT();
  const w8 = useWishesT();
  const [step, setStep] = useState<Step>({ name: 'wall' });
  const [open, setOpen] = useState<WishView | null>(null);
  /** The wall's page, kept here so reading one wish in full returns to it. */
  const [page, setPage] = useState(0);
  const wall = useLiveQuery(() => wishWall(db), [db], null);
  const mine = useLiveQuery(
    () => (step.name === 'mine' ? wishesOf(db, step.member.id) : Promise.resolve([])),
    [db, step],
    null,
  );
  const toWall = () => {
    setPage(0);
    setStep({ name: 'wall' });
  };

  if (step.name === 'who' || step.name === 'mineWho') {
    const posting = step.name === 'who';
    return (
      <main class="screen screen-fit wish-screen">
        <h1 class="screen-title">{posting ? w8.whoTitle : w8.mine}</h1>
        <p class="hint">{posting ? w8.whoHint : w8.mineWho}</p>
        <MemberFinder
          db={db}
          start="phone"
          onFound={(member) => {
            setPage(0);
            setStep(posting ? { name: 'write', poster: member } : { name: 'mine', member });
          }}
        />
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={toWall}>
            {t.back}
          </button>
          {posting && (
            <button type="button" class="btn btn-secondary" onClick={() => setStep({ name: 'write', poster: null })}>
              {w8.postAnonymous}
            </button>
          )}
        </div>
      </main>
    );
  }
  if (step.name === 'write') {
    return (
      <WishForm
        db={db}
        poster={step.poster}
        stationId={stationId}
        onBack={() => setStep({ name: 'who' })}
        onPosted={() => {
          onPosted();
          setStep({ name: 'posted' });
        }}
      />
    );
  }
  if (step.name === 'posted') {
    return (
      <main class="screen wish-screen">
        <h1 class="screen-title">{w8.postedTitle}</h1>
        <p class="notice-ok" role="status">
          {w8.postedBody}
        </p>
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={onDone}>
            {t.done}
          </button>
          <button type="button" class="btn btn-primary" onClick={toWall}>
            {w8.toWall}
          </button>
        </div>
      </main>
    );
  }
  if (open) return <WishDetail wish={open} onClose={() => setOpen(null)} />;
  const mineView = step.name === 'mine';
  return (
    <main class="screen screen-fit wish-screen">
      <header class="wish-head">
        <h1 class="screen-title">{mineView ? w8.mineTitle(step.member.displayName) : w8.title}</h1>
        <p class="hint">{mineView ? (mine?.length === 0 ? w8.mineEmpty : w8.readMore) : w8.wallIntro}</p>
      </header>
      {mineView ? (
        mine && mine.length > 0 && <WishWall wishes={mine} onOpen={setOpen} page={page} onPage={setPage} />
      ) : (
        <WishWall wishes={wall ?? []} onOpen={setOpen} page={page} onPage={setPage} />
      )}
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={mineView ? toWall : onDone}>
          {t.back}
        </button>
        {!mineView && (
          <button type="button" class="btn btn-secondary" onClick={() => setStep({ name: 'mineWho' })}>
            {w8.mine}
          </button>
        )}
        <button type="button" class="btn btn-primary" onClick={() => setStep({ name: 'who' })}>
          {w8.post}
        </button>
      </div>
    </main>
  );
}

/** One wish in full, in big type, with a big button back to the wall (the page stays where it was). */
function WishDetail({ wish, onClose }: { wish: WishView; onClose: () => void }) {
  const w8 = useWishesT();
  const lang = useLang();
  const r = wish.record;
  return (
    <main class="screen screen-fit wish-screen">
      <h1 class="screen-title">{w8.categories[r.category]}</h1>
      <p class="wish-detail-status">{statusLine(r, w8, lang)}</p>
      <section class="screen-body wish-detail" aria-label={w8.categories[r.category]}>
        <p class="wish-detail-text">{r.text}</p>
        {r.status === 'withdrawn' && <p class="hint">{w8.withdrawnNote}</p>}
        <p class="hint">
          {r.posterName ?? w8.anonymousPoster} · {w8.postedAt(shortDate(r.createdAt, lang))}
          {wish.pending ? ` · ${w8.pending}` : ''}
        </p>
      </section>
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick={onClose}>
          {w8.close}
        </button>
      </div>
    </main>
  );
}
