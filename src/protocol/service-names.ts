/** The Chinese name of each service: the kiosk's zh-CN labels and the `services_zh` column of exports, one source for both. */
import type { ServiceId } from './services';

export const SERVICE_NAMES_ZH: Record<ServiceId, string> = {
  rest: '歇脚休息',
  charging: '手机充电',
  water: '饮水',
  internet: '免费上网',
  shelter: '避暑取暖',
  toilet: '卫生间',
  hot_meal: '热饭',
  first_aid: '应急药箱',
  music_chess: '听歌下棋',
  umbrella: '雨具借用',
};
