import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Statistic, Switch, Tabs, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { donationKeys, donationsApi, type DriveView } from './api';
import { EntriesTab } from './components/EntriesTab';
import { ImportTab } from './components/ImportTab';
import { RecordModal } from './components/RecordModal';
import { TotalsTab } from './components/TotalsTab';

const m = t.donations;

/** One drive's ledger: totals, entries, recording, reversals, bulk entry, closing. */
export default function DriveDetailPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const drive = useQuery({
    queryKey: donationKeys.drive(id),
    queryFn: ({ signal }) => donationsApi.drive(id, signal),
  });
  const totals = useQuery({
    queryKey: donationKeys.totals(id),
    queryFn: ({ signal }) => donationsApi.totals(id, signal),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: donationKeys.all });
  const [recording, setRecording] = useState(false);
  const close = useMutation({
    mutationFn: () => donationsApi.closeDrive(id),
    onSuccess: () => {
      showSuccess(m.drive.closed);
      refresh();
    },
  });
  const settings = useMutation({
    mutationFn: (patch: Partial<Pick<DriveView, 'publicThanks' | 'publicAmounts'>>) =>
      donationsApi.updateDrive(id, patch),
    onSuccess: refresh,
  });

  if (drive.isPending) return <Loading />;
  if (drive.isError) return <ErrorState error={drive.error} onRetry={() => void drive.refetch()} />;
  const d = drive.data;
  const tot = totals.data;

  return (
    <Page
      title={d.title}
      subTitle={
        <Space size={4}>
          <Link to="/donations">{d.typeLabel}</Link>/<span>{m.drive.receiptPrefix(d.receiptPrefix)}</span>
        </Space>
      }
      testId="drive-detail"
      extra={
        <>
          {d.canRecord ? (
            <Button type="primary" onClick={() => setRecording(true)} data-testid="entry-new">
              {m.drive.record}
            </Button>
          ) : null}
          {d.canManage && d.status === 'open' ? (
            <Button
              danger
              loading={close.isPending}
              onClick={() =>
                modal.confirm({
                  title: m.drive.closeTitle,
                  content: m.drive.closeContent,
                  okText: m.drive.closeOk,
                  okButtonProps: { danger: true },
                  onOk: () => close.mutateAsync(),
                })
              }
            >
              {m.drive.close}
            </Button>
          ) : null}
        </>
      }
    >
      {d.status === 'closed' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={m.drive.closedNote} />
      ) : null}
      {d.type === 'specialDues' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={m.drive.specialDuesNote} />
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={m.drive.purpose}>{d.purpose}</Descriptions.Item>
          <Descriptions.Item label={m.drive.organiser}>{d.organiserName}</Descriptions.Item>
          <Descriptions.Item label={m.drive.period}>
            {m.drive.periodText(d.startsOn, d.endsOn)}
          </Descriptions.Item>
          <Descriptions.Item label={m.drive.eligible}>{m.labels(d.eligibleLabels)}</Descriptions.Item>
          <Descriptions.Item label={m.drive.status}>
            <Tag color={d.status === 'open' ? 'green' : 'default'}>{d.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={m.drive.publicThanks}>
            <Space>
              <Switch
                size="small"
                checked={d.publicThanks}
                disabled={!d.canManage}
                onChange={(v) => settings.mutate({ publicThanks: v })}
              />
              {m.drive.showAmounts}
              <Switch
                size="small"
                checked={d.publicAmounts}
                disabled={!d.canManage}
                onChange={(v) => settings.mutate({ publicAmounts: v })}
              />
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {tot ? (
        <Row gutter={12} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={m.drive.stats.net} value={tot.total} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={m.drive.stats.gifts} value={`${tot.giftCount} / ${tot.reversalCount}`} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={m.drive.stats.donors} value={tot.donorCount} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={m.drive.stats.members} value={tot.byDonorKind.members.total} />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'entries',
              label: m.drive.tabs.entries,
              children: <EntriesTab drive={d} onChange={refresh} />,
            },
            {
              key: 'totals',
              label: m.drive.tabs.totals,
              children: tot ? <TotalsTab totals={tot} /> : <Loading height={120} />,
            },
            ...(d.canRecord
              ? [
                  {
                    key: 'import',
                    label: m.drive.tabs.import,
                    children: <ImportTab drive={d} onChange={refresh} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <RecordModal open={recording} drive={d} onClose={() => setRecording(false)} onSaved={refresh} />
    </Page>
  );
}
