import type { ReactNode } from 'react';
import { t } from '../../locales';

/** The centered frame of the pages shown before the console: login, setup, forced password change. */
export function AuthShell(props: { subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <div className="auth-brand">
          <svg className="brand-mark" viewBox="0 0 64 64" aria-hidden="true">
            <rect width="64" height="64" rx="14" fill="#fff" />
            <path
              fill="#b71c1c"
              d="M32 12l5.6 13.2 14.4 1.2-10.9 9.4 3.3 14L32 42.4 19.6 49.8l3.3-14L12 26.4l14.4-1.2z"
            />
          </svg>
          <div>
            <h1 className="auth-brand-name">
              {t.app.name} · {t.app.console}
            </h1>
            {props.subtitle ? <div className="auth-brand-sub">{props.subtitle}</div> : null}
          </div>
        </div>
        {props.children}
      </div>
    </main>
  );
}
