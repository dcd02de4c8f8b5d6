/**
 * Every string exists in every language, and each language is itself: no Chinese in English mode
 * (punctuation included), no Latin sentence in Chinese mode. Names and brand words aside.
 */
import { describe, expect, it } from 'vitest';
import { BACKSTAGE_STRINGS } from '../../src/i18n/backstage';
import { DIRECTORY_STRINGS } from '../../src/i18n/directory';
import { joinList } from '../../src/i18n/format';
import { STRINGS } from '../../src/i18n/i18n';
import { PEOPLE_STRINGS } from '../../src/i18n/people';
import { SERVER_ERRORS, serverErrorText } from '../../src/i18n/server-errors';
import { WISHES_STRINGS } from '../../src/i18n/wishes';
import { SUGGESTION_STRINGS } from '../../src/i18n/suggestions';
import { adminSuggestionsEn } from '../../src/i18n/admin-suggestions-en';
import { adminSuggestionsZh } from '../../src/i18n/admin-suggestions-zh-CN';

/** Every leaf of a strings object as [path, text]; functions are called with sample arguments. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const sample = (value as (...a: unknown[]) => unknown)(
      ...Array.from({ length: value.length }, (_, i) =>
        i === 0 && /reconcile/.test(path)
          ? { logged: 5, confirmed: 2, pending: 1, refused: 1, discarded: 1 }
          : i % 2
            ? 3
            : 'x',
      ),
    );
    return leaves(sample, path);
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [];
}

/** Key paths of an object, functions and arrays as leaves. */
function keys(value: object, path = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${path}${k}.`) : [`${path}${k}`],
  );
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
/** Three Latin words in a row make a sentence; "EN", "Wi-Fi", "U 盘", "GB" do not. */
const LATIN_SENTENCE = /[A-Za-z]{2,}[\s,.]+[A-Za-z]{2,}[\s,.]+[A-Za-z]{2,}/;
/** The language toggle names the other language; platforms keep their own names. */
const MAY_BE_CHINESE = [/^language$/, /^platformSuggestions\[\d+\]$/];

const TABLES = {
  kiosk: STRINGS,
  'host mode and enrollment': BACKSTAGE_STRINGS,
  people: PEOPLE_STRINGS,
  suggestions: SUGGESTION_STRINGS,
  'console suggestions': { 'zh-CN': adminSuggestionsZh, en: adminSuggestionsEn },
  directory: DIRECTORY_STRINGS,
  'server errors': SERVER_ERRORS,
  wishes: WISHES_STRINGS,
} as const;

describe('language files', () => {
  for (const [name, table] of Object.entries(TABLES)) {
    it(`${name}: every key exists in every language`, () => {
      expect(leaves(table.en).length).toBeGreaterThan(20);
      expect(keys(table.en).sort()).toEqual(keys(table['zh-CN']).sort());
    });

    it(`${name}: English has no Chinese characters or punctuation`, () => {
      const found = leaves(table.en).filter(([p, s]) => CJK.test(s) && !MAY_BE_CHINESE.some((r) => r.test(p)));
      expect(found).toEqual([]);
    });

    it(`${name}: Chinese has no Latin sentence`, () => {
      expect(leaves(table['zh-CN']).filter(([, s]) => LATIN_SENTENCE.test(s))).toEqual([]);
    });
  }

  it('words a server error by its code, in either language, and never passes on the server’s English', () => {
    expect(serverErrorText('zh-CN', 'bad_enroll_code')).toMatch(/^登记码不对/);
    expect(serverErrorText('en', 'bad_enroll_code')).toMatch(/^The code is wrong/);
    expect(serverErrorText('zh-CN', 'a_code_from_a_newer_server', 418)).toBe(
      '服务器没有接受这次请求（错误 418），请稍后再试或告诉区里管理员',
    );
    expect(serverErrorText('zh-CN', undefined)).not.toMatch(/[A-Za-z]/);
  });

  it('joins lists with each language’s own words and punctuation', () => {
    expect(joinList(['歇脚休息', '手机充电', '饮水'], 'zh-CN')).toBe('歇脚休息、手机充电和饮水');
    expect(joinList(['Rest', 'Phone charging', 'Drinking water'], 'en')).toBe(
      'Rest, Phone charging, and Drinking water',
    );
  });
});
