/**
 * The console's language: Chinese by default, English on the switch, remembered in this
 * browser. Screens read strings through the live objects below, which answer in the current
 * language at each access; AdminApp remounts the screens when the admin switches.
 */
import { accessEn, accessErrorsEn } from '../i18n/admin-access-en';
import { accessErrorsZh, accessZh } from '../i18n/admin-access-zh-CN';
import { accessPageEn } from '../i18n/admin-access-page-en';
import { accessPageZh } from '../i18n/admin-access-page-zh-CN';
import { adminEn } from '../i18n/admin-en';
import { consoleErrorsEn, peopleEn } from '../i18n/admin-people-en';
import { consoleErrorsZh, peopleZh } from '../i18n/admin-people-zh-CN';
import { adminZh } from '../i18n/admin-zh-CN';
import { en } from '../i18n/en';
import { deviceTag, isGenericDeviceName } from '../domain/device-label';
import { SERVICE_NAMES_ZH } from '../protocol/service-names';

export type ConsoleLang = 'zh-CN' | 'en';

const KEY = 'waystation.console.lang';

const TEXT = {
  'zh-CN': {
    admin: adminZh,
    people: peopleZh,
    errors: consoleErrorsZh,
    services: SERVICE_NAMES_ZH,
    access: accessZh,
    accessErrors: accessErrorsZh,
    accessPage: accessPageZh,
  },
  en: {
    admin: adminEn,
    people: peopleEn,
    errors: consoleErrorsEn,
    services: en.services,
    access: accessEn,
    accessErrors: accessErrorsEn,
    accessPage: accessPageEn,
  },
};

function saved(): ConsoleLang {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage blocked (privacy mode): Chinese, as the district office expects.
    return 'zh-CN';
  }
}

let current: ConsoleLang = saved();

/** The language the console speaks now. */
export function consoleLang(): ConsoleLang {
  return current;
}

/** Switches the language and remembers it; the caller re-renders. */
export function setConsoleLang(lang: ConsoleLang): void {
  current = lang;
  try {
    globalThis.localStorage?.setItem(KEY, lang);
  } catch {
    // Not remembered; still switched for this visit.
  }
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.title = TEXT[lang].admin.title;
  }
}

/** An object whose every property is read from the current language's strings. */
function live<T extends object>(pick: (lang: ConsoleLang) => T): T {
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(pick(current), key) as unknown,
    has: (_target, key) => Reflect.has(pick(current), key),
    ownKeys: () => Reflect.ownKeys(pick(current)),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(pick(current), key);
      return d && { ...d, configurable: true };
    },
  });
}

/** Stations, devices, visits, sign-in. */
export const adminT = live((l) => TEXT[l].admin);
/** Members, party organisations, events, downloads. */
export const peopleT = live((l) => TEXT[l].people);
/** Every failure a console call can end in. */
export const errorsT = live((l) => TEXT[l].errors);
/** Roles, the audit log and the device fleet. */
export const accessT = live((l) => TEXT[l].access);
/** Refusals for lack of rights (`forbidden_role`, `forbidden_station`, …). */
export const accessErrorsT = live((l) => TEXT[l].accessErrors);
/** The Access page: API tokens and admins' roles, and their refusals. */
export const accessPageT = live((l) => TEXT[l].accessPage);
/** Service names in the console's language. */
export const serviceNames = live((l) => TEXT[l].services);

/** The BCP 47 locale dates and numbers are formatted in. */
export function consoleLocale(): string {
  return current === 'en' ? 'en-GB' : 'zh-CN';
}

/** A list as the language writes it: `歇脚休息、饮水` / `Rest, Water`. */
export function listText(items: readonly string[]): string {
  return current === 'en'
    ? new Intl.ListFormat('en', { type: 'unit', style: 'short' }).format(items)
    : items.join('、');
}

/** A count with the language's digit grouping. */
export function countText(n: number): string {
  return new Intl.NumberFormat(consoleLocale()).format(n);
}

/** A device as people call it: its own name, or `签到机 3f9a` (a short tag of its id) when it enrolled unnamed. */
export function deviceLabel(d: { id: string; name: string }): string {
  return isGenericDeviceName(d.name) ? TEXT[current].admin.unnamedDevice(deviceTag(d.id)) : d.name;
}
