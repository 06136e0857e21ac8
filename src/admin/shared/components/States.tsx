import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { Link } from 'react-router';
import { isApiError } from '../api/client';
import { errorText } from '../lib/feedback';
import { t } from '../../locales';

export function Loading(props: { tip?: string; height?: number }) {
  return (
    <div className="center-state" style={{ minHeight: props.height ?? 240 }} data-testid="loading">
      <Spin size="large" description={props.tip} />
    </div>
  );
}

/** A failed query: 403/404 get their own wording; anything else offers a retry. */
export function ErrorState(props: { error: unknown; onRetry?: () => void; notFoundText?: string }) {
  const e = props.error;
  if (isApiError(e) && e.status === 403) {
    return (
      <Result status="403" title={t.errors.forbiddenTitle} subTitle={e.message} data-testid="error-state" />
    );
  }
  if (isApiError(e) && e.status === 404) {
    return (
      <Result
        status="404"
        title={t.errors.notFoundTitle}
        subTitle={props.notFoundText ?? e.message}
        data-testid="error-state"
      />
    );
  }
  return (
    <Result
      status="error"
      title={t.errors.loadFailed}
      subTitle={errorText(e)}
      data-testid="error-state"
      extra={props.onRetry ? <Button onClick={props.onRetry}>{t.common.retry}</Button> : undefined}
    />
  );
}

export function Forbidden() {
  return (
    <Result
      status="403"
      title={<h1>{t.errors.forbiddenTitle}</h1>}
      subTitle={t.errors.forbiddenText}
      data-testid="forbidden"
      extra={
        <Link to="/">
          <Button type="primary">{t.errors.backHome}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  return (
    <Result
      status="404"
      title={<h1>{t.errors.notFoundTitle}</h1>}
      subTitle={t.errors.notFoundText}
      data-testid="not-found"
      extra={
        <Link to="/">
          <Button type="primary">{t.errors.backHome}</Button>
        </Link>
      }
    />
  );
}

/** Catches render errors and failed lazy chunks (e.g. after a redeploy) so one page cannot blank the app. */
export class PageErrorBoundary extends Component<
  { children: ReactNode; resetKey?: string },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title={t.errors.pageLoad}
        subTitle={t.errors.pageLoadHint}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t.errors.reload}
          </Button>
        }
      />
    );
  }
}
