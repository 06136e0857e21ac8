import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Tag, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText, showSuccess } from '../../../shared/lib/feedback';
import { formatDateTime } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { assessmentKeys } from '../api';
import { resultsApi, type PublicityView } from '../resultsApi';
import { PublicityModal } from './modals';

const p = t.assessmentResults.publicity;

/**
 * Where the year's 公示 stands: not yet, running (the period the server fixed, with the calendar's
 * caveat when it does not know the year's holidays), run its course, or closed with the plaques
 * awarded. The general branch opens it and closes it here; a refusal to close (the period has not
 * ended, objections are still open) stays on the card in the server's words.
 */
export function PublicityCard(props: {
  year: number;
  /** undefined while loading; null when there is none yet. */
  publicity: PublicityView | null | undefined;
  manages: boolean;
}) {
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const [opening, setOpening] = useState(false);
  const [closeError, setCloseError] = useState<string | null>(null);
  const pub = props.publicity;
  const close = useMutation({
    meta: { quiet: true },
    mutationFn: () => resultsApi.closePublicity(props.year),
    onMutate: () => setCloseError(null),
    onSuccess: () => {
      showSuccess(p.closedDone);
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    onError: (e) => setCloseError(errorText(e)),
  });
  if (pub === undefined) return null;
  const state = !pub
    ? p.none
    : pub.status === 'closed'
      ? p.closed(pub.startsOn, pub.endsOn, formatDateTime(pub.closedAt))
      : pub.ended
        ? p.ended(pub.startsOn, pub.endsOn)
        : p.open(pub.startsOn, pub.endsOn, pub.workingDays);
  return (
    <Card
      size="small"
      title={p.title}
      style={{ marginBottom: 12 }}
      data-testid="publicity-card"
      extra={
        pub ? (
          <Tag color={pub.status === 'closed' ? 'green' : 'blue'} data-testid="publicity-status">
            {pub.status === 'closed' ? p.statusClosed : pub.ended ? p.statusEnded : p.statusOpen}
          </Tag>
        ) : null
      }
    >
      <Flex justify="space-between" align="center" gap={12} wrap>
        <div style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Typography.Text data-testid="publicity-state">{state}</Typography.Text>
          {pub ? (
            <div>
              <Typography.Link
                href={`/vanguard/publicity?year=${props.year}`}
                target="_blank"
                rel="noreferrer"
                data-testid="publicity-portal"
              >
                {p.portal} <ExportOutlined />
              </Typography.Link>
            </div>
          ) : null}
        </div>
        {props.manages ? (
          <Flex gap={8} wrap>
            {!pub ? (
              <Button type="primary" onClick={() => setOpening(true)} data-testid="publicity-open">
                {p.openButton}
              </Button>
            ) : null}
            {pub?.status === 'open' ? (
              <Button
                type={pub.ended ? 'primary' : 'default'}
                loading={close.isPending}
                data-testid="publicity-close"
                onClick={() =>
                  modal.confirm({
                    title: p.closeTitle,
                    content: p.closeContent,
                    okText: p.closeButton,
                    cancelText: t.common.cancel,
                    // The confirm closes either way; a refusal is shown on the card.
                    onOk: () => close.mutateAsync().catch(() => undefined),
                  })
                }
              >
                {p.closeButton}
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Flex>
      {pub?.calendarNote ? (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={pub.calendarNote} />
      ) : null}
      {closeError ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setCloseError(null) }}
          style={{ marginTop: 8 }}
          title={closeError}
          data-testid="publicity-close-error"
        />
      ) : null}
      <PublicityModal
        open={opening}
        year={props.year}
        onClose={() => setOpening(false)}
        onOpened={() => setCloseError(null)}
      />
    </Card>
  );
}
