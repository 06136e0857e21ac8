import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN, type Messages } from './zh-CN/index';

/**
 * The console's locale. Only zh-CN exists today; another locale adds a Messages file and picks
 * the matching antd and dayjs locales here.
 */
export const t: Messages = zhCN;
export const antdLocale = antdZhCN;
export const localeTag = 'zh-CN';
dayjs.locale('zh-cn');
