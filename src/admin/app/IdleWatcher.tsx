import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Modal, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { authApi, authKeys, type SessionInfo } from '../areas/auth/api';
import { isApiError } from '../shared/api/client';
import { t } from '../locales';
import { expectLogout, warnLeadMs } from './idle';
import { useLogout } from './session';

/** The server's deadlines on this browser's clock (the server says its own time with them). */
function localDeadlines(info: SessionInfo) {
  const offset = Date.now() - Date.parse(info.serverTime);
  return {
    idleEnd: Date.parse(info.idleExpiresAt) + offset,
    end: Date.parse(info.expiresAt) + offset,
    lead: warnLeadMs(info.idleTimeoutSeconds),
  };
}

/**
 * Watches the session's idle deadline (the server's, read without counting as activity): a
 * minute before it, asks "继续使用?" — which makes a request, moving the deadline — and at the
 * deadline checks once more; when the session is gone the 401 handler sends the user to the login
 * page, which brings them back here afterwards. Requests made meanwhile (in this or another tab)
 * move the deadline, which the check at the warning time notices, so no warning is shown then.
 */
export function IdleWatcher() {
  const qc = useQueryClient();
  const logout = useLogout();
  const [warnUntil, setWarnUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const checkRef = useRef<(reason?: 'idle' | 'expired') => void>(() => undefined);
  const alive = useRef(true);

  const schedule = useCallback((info: SessionInfo) => {
    clearTimeout(timer.current);
    if (!alive.current) return;
    const { idleEnd, end, lead } = localDeadlines(info);
    const at = Date.now();
    if (end <= idleEnd) {
      // The absolute end comes first: no warning helps there; check when it comes.
      setWarnUntil(null);
      timer.current = setTimeout(() => checkRef.current('expired'), Math.max(0, end - at) + 250);
    } else if (idleEnd - at <= lead) {
      setNow(at);
      setWarnUntil(idleEnd);
      timer.current = setTimeout(() => checkRef.current('idle'), Math.max(0, idleEnd - at) + 250);
    } else {
      setWarnUntil(null);
      timer.current = setTimeout(() => checkRef.current(), idleEnd - lead - at);
    }
  }, []);

  const check = useCallback(
    async (reason?: 'idle' | 'expired') => {
      expectLogout(reason ?? null);
      try {
        schedule(await authApi.session());
      } catch (e) {
        // A 401 has sent the user to the login page (router.tsx); anything else: try again soon.
        if (alive.current && !(isApiError(e) && e.status === 401)) {
          timer.current = setTimeout(() => checkRef.current(reason), 5_000);
        }
      } finally {
        expectLogout(null);
      }
    },
    [schedule],
  );

  useEffect(() => {
    alive.current = true;
    checkRef.current = (reason) => void check(reason);
    void check();
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
    };
  }, [check]);

  // The countdown, while the warning shows.
  useEffect(() => {
    if (warnUntil === null) return;
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, [warnUntil]);

  const [continuing, setContinuing] = useState(false);
  const keepGoing = async () => {
    setContinuing(true);
    try {
      // An ordinary request: it counts as activity and moves the deadline.
      const me = await authApi.me();
      qc.setQueryData(authKeys.me, me);
      if (me.session) schedule(me.session);
      else void check();
    } catch {
      // 401: the router has taken the user to the login page.
    } finally {
      setContinuing(false);
    }
  };

  const seconds = warnUntil === null ? 0 : Math.max(0, Math.ceil((warnUntil - now) / 1000));
  return (
    <Modal
      open={warnUntil !== null}
      title={
        <span>
          <ClockCircleOutlined style={{ color: '#faad14', marginInlineEnd: 8 }} />
          {t.idle.title}
        </span>
      }
      closable={false}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      footer={[
        <Button key="logout" onClick={() => logout.mutate(false)} data-testid="idle-logout">
          {t.idle.logout}
        </Button>,
        <Button
          key="continue"
          type="primary"
          loading={continuing}
          onClick={() => void keepGoing()}
          data-testid="idle-continue"
        >
          {t.idle.continue}
        </Button>,
      ]}
      modalRender={(node) => <div data-testid="idle-warning">{node}</div>}
    >
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t.idle.text(seconds)}</Typography.Paragraph>
    </Modal>
  );
}
