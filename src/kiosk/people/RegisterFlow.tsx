import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import {
  findMemberByPhone,
  registerMember,
  updateMember,
  type FoundMember,
  type RegistrationInput,
} from '../../db/people';
import { localView } from '../../db/local-view';
import { useT } from '../../i18n/i18n';
import { usePeopleT } from '../../i18n/people';
import {
  CONSENT_VERSION,
  OCCUPATIONS,
  PartyOrgRecordSchema,
  humanText,
  type MemberRecord,
  type Occupation,
  type PartyOrgRecord,
} from '../../protocol/people';
import { PHONE_PATTERN, parseWire } from '../../protocol/schemas';
import { Keypad } from '../../ui/Keypad';
import { groupPhone } from '../IdentifyScreen';
import { MemberCard } from './MemberCard';
import { PhoneFinder } from './PhoneFinder';

export interface RegisterFlowProps {
  db: KioskDb;
  stationName: string;
  onDone: () => void;
  onRegistered?: () => void;
}

type Step = 'consent' | 'identify' | 'about' | 'phone' | 'phoneAgain' | 'party' | 'card';

const NAME = humanText(40, 'name');

/** The party organisations a member may join, as pulled from the district. */
function useBranches(db: KioskDb): PartyOrgRecord[] {
  const [orgs, setOrgs] = useState<PartyOrgRecord[]>([]);
  useEffect(() => {
    void localView(db, 'party_org').then((view) =>
      setOrgs(
        [...view.values()]
          .map((c) => parseWire(PartyOrgRecordSchema, c.record))
          .flatMap((r) => (r.ok && !r.value.archived ? [r.value] : [])),
      ),
    );
  }, [db]);
  return orgs;
}

/** 注册报到: consent, who they are, their phone twice, party membership, then their card. Offline throughout. */
export function RegisterFlow({ db, stationName, onDone, onRegistered }: RegisterFlowProps) {
  const t = useT();
  const p = usePeopleT();
  const branches = useBranches(db);
  const [step, setStep] = useState<Step>('consent');
  const [name, setName] = useState('');
  const [occupation, setOccupation] = useState<Occupation | null>(null);
  const [platform, setPlatform] = useState('');
  const [typingPlatform, setTypingPlatform] = useState(false);
  const [phone, setPhone] = useState('');
  const [phoneAgain, setPhoneAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [existing, setExisting] = useState<string | null>(null);
  const [party, setParty] = useState<boolean | null>(null);
  const [mobile, setMobile] = useState<boolean | null>(null);
  const [homeOrg, setHomeOrg] = useState('');
  const [branchId, setBranchId] = useState<string>('');
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const [member, setMember] = useState<MemberRecord | null>(null);
  /** Set when a registered member updates their details (identified by the phone they typed). */
  const [updating, setUpdating] = useState<FoundMember | null>(null);
  const [notSynced, setNotSynced] = useState(false);

  function startUpdate(found: FoundMember, typed: string) {
    setUpdating(found);
    setPhone(typed);
    setPhoneAgain(typed);
    setExisting(null);
    setOccupation(
      (OCCUPATIONS as readonly string[]).includes(found.occupation) ? (found.occupation as Occupation) : null,
    );
    setParty(found.partyMember);
    setMobile(found.partyMember ? found.mobileParty === true : null);
    setBranchId(found.branchId ?? '');
    setStep('consent');
  }

  const nameOk = nameValid(name);
  const back = (to: Step | null) => (to ? setStep(to) : onDone());

  async function checkPhoneAgain(value: string) {
    setPhoneAgain(value);
    if (value.length < 11) return setMismatch(false);
    if (value !== phone) {
      setMismatch(true);
      return;
    }
    const found = await findMemberByPhone(db, phone);
    if (found) setExisting(found.memberNo);
    else setStep('party');
  }

  async function save() {
    setSaving(true);
    setFailed(false);
    const input: RegistrationInput = {
      name,
      phone,
      occupation: occupation!,
      ...(platform.trim() ? { platform } : {}),
      partyMember: party === true,
      ...(party ? { mobileParty: mobile === true } : {}),
      ...(party && mobile && homeOrg.trim() ? { homeOrg } : {}),
      ...(party && branchId ? { branchId } : {}),
    };
    try {
      if (updating) {
        const outcome = await updateMember(db, updating.id, input);
        if ('error' in outcome) {
          setNotSynced(true);
          return;
        }
        setMember(outcome.record);
      } else {
        setMember(await registerMember(db, input));
        onRegistered?.();
      }
      setStep('card');
    } catch (err) {
      console.error('registration not saved', err);
      setFailed(true);
    } finally {
      setSaving(false);
    }
  }

  if (step === 'card' && member) {
    return (
      <MemberCard
        member={member}
        stationName={stationName}
        title={updating ? p.updatedTitle : undefined}
        onDone={onDone}
      />
    );
  }

  const phoneStep = step === 'phone' || step === 'phoneAgain';
  const heading = (
    <>
      <h1 class="screen-title">
        {step === 'consent' ? p.consentTitle : updating || step === 'identify' ? p.updateTitle : p.registerTitle}
      </h1>
      {updating && step !== 'consent' && <p class="welcome">{p.welcome(updating.displayName, updating.memberNo)}</p>}
    </>
  );
  return (
    <main class={`screen register screen-fit${phoneStep ? ' keypad-screen' : ''}`}>
      {!phoneStep && heading}
      {step === 'consent' && (
        <>
          <div class="consent" tabIndex={0} role="region" aria-label={p.consentTitle}>
            <p>{p.consentKept}</p>
            <p>{p.consentWhy}</p>
            <p>{p.consentWho}</p>
            <p>{p.consentRights}</p>
            <p class="hint">{p.consentVersion(CONSENT_VERSION)}</p>
          </div>
          {!updating && (
            <button type="button" class="btn btn-secondary" onClick={() => setStep('identify')}>
              {p.alreadyMember}
            </button>
          )}
          <div class="actions">
            <button type="button" class="btn btn-secondary" onClick={onDone}>
              {p.disagree}
            </button>
            <button type="button" class="btn btn-primary" onClick={() => setStep('about')}>
              {p.agree}
            </button>
          </div>
        </>
      )}
      {step === 'identify' && (
        <>
          <p class="field-label">{p.findTitle}</p>
          <PhoneFinder db={db} onFound={startUpdate} />
          <div class="actions">
            <button type="button" class="btn btn-secondary" onClick={() => setStep('consent')}>
              {t.back}
            </button>
          </div>
        </>
      )}
      {step === 'about' && (
        <>
          <div class="screen-body">
            {updating && <p class="hint">{p.updateNameHint}</p>}
            <label class="field">
              <span class="field-label">{p.nameLabel}</span>
              <input
                class="text-input"
                type="text"
                autocomplete="off"
                maxLength={60}
                value={name}
                placeholder={p.nameHint}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </label>
            {name.length > 0 && !nameOk && <p class="error">{p.nameBad}</p>}
            <fieldset class="field">
              <legend class="field-label">{p.occupationLabel}</legend>
              <div class="choices">
                {OCCUPATIONS.map((o) => (
                  <button
                    type="button"
                    key={o}
                    class="choice"
                    aria-pressed={occupation === o}
                    onClick={() => setOccupation(o)}
                  >
                    {p.occupations[o]}
                  </button>
                ))}
              </div>
            </fieldset>
            <fieldset class="field">
              <legend class="field-label">{p.platformLabel}</legend>
              <div class="choices choices-small">
                {p.platformSuggestions.map((s) => (
                  <button
                    type="button"
                    key={s}
                    class="choice"
                    aria-pressed={!typingPlatform && platform === s}
                    onClick={() => {
                      setTypingPlatform(false);
                      setPlatform(platform === s ? '' : s);
                    }}
                  >
                    {s}
                  </button>
                ))}
                <button
                  type="button"
                  class="choice"
                  aria-pressed={typingPlatform}
                  onClick={() => {
                    setTypingPlatform(true);
                    setPlatform('');
                  }}
                >
                  {p.platformOther}
                </button>
              </div>
              {typingPlatform && (
                <input
                  class="text-input"
                  type="text"
                  autocomplete="off"
                  maxLength={40}
                  value={platform}
                  aria-label={p.platformOther}
                  onInput={(e) => setPlatform(e.currentTarget.value)}
                />
              )}
            </fieldset>
          </div>
          <div class="actions">
            <button type="button" class="btn btn-secondary" onClick={() => back('consent')}>
              {t.back}
            </button>
            <button
              type="button"
              class="btn btn-primary"
              disabled={!nameOk || !occupation}
              onClick={() => setStep(updating ? 'party' : 'phone')}
            >
              {t.next}
            </button>
          </div>
        </>
      )}
      {phoneStep && (
        <>
          <div class="keypad-side">
            {heading}
            <p class="field-label">{step === 'phone' ? p.phoneTitle : p.phoneAgainTitle}</p>
            <p class="hint">{p.phoneHint}</p>
            <output class="phone-display">{groupPhone(step === 'phone' ? phone : phoneAgain) || '\u00a0'}</output>
            {step === 'phone' && phone.length === 11 && !PHONE_PATTERN.test(phone) && (
              <p class="error">{p.phoneInvalid}</p>
            )}
            {step === 'phoneAgain' && mismatch && (
              <p class="error" role="alert">
                {p.phoneMismatch}
              </p>
            )}
            {existing && (
              <p class="error" role="alert">
                {p.alreadyRegistered(existing)}
              </p>
            )}
            <div class="actions">
              <button
                type="button"
                class="btn btn-secondary"
                onClick={() => {
                  setPhoneAgain('');
                  setMismatch(false);
                  setExisting(null);
                  back(step === 'phone' ? 'about' : 'phone');
                }}
              >
                {t.back}
              </button>
              {step === 'phone' ? (
                <button
                  type="button"
                  class="btn btn-primary"
                  disabled={!PHONE_PATTERN.test(phone)}
                  onClick={() => setStep('phoneAgain')}
                >
                  {t.next}
                </button>
              ) : (
                existing && (
                  <button
                    type="button"
                    class="btn btn-primary"
                    onClick={() =>
                      void findMemberByPhone(db, phone).then((found) => found && startUpdate(found, phone))
                    }
                  >
                    {p.updateMine}
                  </button>
                )
              )}
            </div>
          </div>
          <Keypad
            value={step === 'phone' ? phone : phoneAgain}
            maxLength={11}
            onChange={(d) => (step === 'phone' ? setPhone(d) : void checkPhoneAgain(d))}
            clearLabel={t.clear}
            deleteLabel={t.delete}
          />
        </>
      )}
      {step === 'party' && (
        <>
          <div class="screen-body">
            <fieldset class="field">
              <legend class="field-label">{p.partyTitle}</legend>
              <div class="choices">
                <button type="button" class="choice" aria-pressed={party === true} onClick={() => setParty(true)}>
                  {p.yes}
                </button>
                <button type="button" class="choice" aria-pressed={party === false} onClick={() => setParty(false)}>
                  {p.no}
                </button>
              </div>
            </fieldset>
            {party && (
              <>
                <fieldset class="field">
                  <legend class="field-label">{p.mobilePartyLabel}</legend>
                  <div class="choices">
                    <button type="button" class="choice" aria-pressed={mobile === true} onClick={() => setMobile(true)}>
                      {p.yes}
                    </button>
                    <button
                      type="button"
                      class="choice"
                      aria-pressed={mobile === false}
                      onClick={() => setMobile(false)}
                    >
                      {p.no}
                    </button>
                  </div>
                </fieldset>
                {mobile && (
                  <label class="field">
                    <span class="field-label">{p.homeOrgLabel}</span>
                    <input
                      class="text-input"
                      type="text"
                      autocomplete="off"
                      maxLength={80}
                      value={homeOrg}
                      onInput={(e) => setHomeOrg(e.currentTarget.value)}
                    />
                  </label>
                )}
                <fieldset class="field">
                  <legend class="field-label">{p.branchLabel}</legend>
                  <div class="choices choices-small">
                    <button type="button" class="choice" aria-pressed={branchId === ''} onClick={() => setBranchId('')}>
                      {p.branchNone}
                    </button>
                    {branches.map((b) => (
                      <button
                        type="button"
                        key={b.id}
                        class="choice"
                        aria-pressed={branchId === b.id}
                        onClick={() => setBranchId(b.id)}
                      >
                        {b.name}
                      </button>
                    ))}
                  </div>
                </fieldset>
              </>
            )}
            {failed && (
              <p class="error" role="alert">
                {p.saveFailed}
              </p>
            )}
            {notSynced && (
              <p class="error" role="alert">
                {p.updateNotSynced}
              </p>
            )}
          </div>
          <div class="actions">
            <button type="button" class="btn btn-secondary" onClick={() => back(updating ? 'about' : 'phoneAgain')}>
              {t.back}
            </button>
            <button
              type="button"
              class="btn btn-primary"
              disabled={party === null || (party && mobile === null) || saving}
              onClick={save}
            >
              {saving ? p.saving : updating ? p.saveUpdate : p.save}
            </button>
          </div>
        </>
      )}
    </main>
  );
}

function nameValid(name: string): boolean {
  return parseWire(NAME, name).ok;
}
