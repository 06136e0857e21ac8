import type { App } from 'antd';
import { isApiError, isRedirectError } from '../api/client';
import { t } from '../../locales';

/**
 * antd's message/notification with the ConfigProvider theme come from App.useApp(); code outside
 * components (the query client's global error handler) reaches them through this bridge, which
 * <FeedbackBridge/> fills in.
 */
type AppApi = ReturnType<typeof App.useApp>;
let appApi: AppApi | null = null;
export function setAppApi(a: AppApi | null) {
  appApi = a;
}

export function errorText(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return t.errors.unknown;
}

/** Shows an error to the user, unless it only means "you are being redirected to log in". */
export function showError(e: unknown) {
  if (isRedirectError(e)) return;
  if ((e as Error)?.name === 'AbortError') return;
  const text = errorText(e);
  if (appApi) appApi.message.error({ content: text, key: text, duration: 4 });
  else console.error(text);
}

export function showSuccess(text: string) {
  appApi?.message.success(text);
}

export function showWarning(text: string) {
  appApi?.message.warning(text);
}
