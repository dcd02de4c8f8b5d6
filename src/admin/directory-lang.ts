/** The console's directory words in its current language (the console remounts its screens on a switch). */
import { adminDirectoryEn } from '../i18n/admin-directory-en';
import { adminDirectoryZh } from '../i18n/admin-directory-zh-CN';
import { consoleLang } from './console-lang';

export function directoryT(): typeof adminDirectoryZh {
  return consoleLang() === 'en' ? adminDirectoryEn : adminDirectoryZh;
}
