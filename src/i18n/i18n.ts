/** The language in use and its strings, through a Preact context. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en';
import { zhCN, type Strings } from './zh-CN';

export type Lang = 'zh-CN' | 'en';

export const STRINGS: Record<Lang, Strings> = { 'zh-CN': zhCN, en };

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({
  lang: 'zh-CN',
  setLang: () => {},
});

/** The current language's strings. */
export function useT(): Strings {
  return STRINGS[useContext(LangContext).lang];
}

/** The current language tag, for formatting dates and numbers. */
export function useLang(): Lang {
  return useContext(LangContext).lang;
}
