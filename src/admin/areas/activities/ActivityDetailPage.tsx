import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Space, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { ActivityFormModal } from './ActivityFormModal';
import { CheckinTab, ParticipantsTab } from './AttendanceTabs';
import { PhotosTab, ResultsTab } from './OutcomeTabs';
import { activitiesApi, activityKeys } from './api';

/** One activity: details, participants and sign-in, QR code, results and awards, photos, article draft. */
export default function ActivityDetailPage() {
  const tx = t.activities.detail;
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const detail = useQuery({
    queryKey: activityKeys.detail(id),
    queryFn: ({ signal }) => activitiesApi.get(id, signal),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: activityKeys.all });

  const draft = useMutation({
    mutationFn: () => activitiesApi.articleDraft(id),
    onSuccess: (d) => {
      refresh();
      modal.info({
        title: d.created ? tx.articleCreated : tx.articleContent,
        width: 720,
        content: (
          <div>
            {d.notice ? (
              <Alert type={d.created ? 'success' : 'info'} title={d.notice} style={{ marginBottom: 12 }} />
            ) : null}
            {d.article ? (
              <p>
                <a href={d.article.link}>{tx.openArticle}</a>
              </p>
            ) : null}
            <Typography.Title level={5}>{d.title}</Typography.Title>
            <Typography.Paragraph type="secondary">{d.summary}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: d.bodyHtml }}>{tx.bodyHtml}</Typography.Paragraph>
          </div>
        ),
      });
    },
  });

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const a = detail.data;

  const tabs = [
    {
      key: 'participants',
      label: tx.tabParticipants(a.checkedInCount, a.participantCount),
      children: <ParticipantsTab activity={a} onChange={refresh} />,
    },
    ...(a.canManage ? [{ key: 'qr', label: tx.tabCheckin, children: <CheckinTab activity={a} /> }] : []),
    { key: 'results', label: tx.tabResults, children: <ResultsTab activity={a} onChange={refresh} /> },
    {
      key: 'photos',
      label: tx.tabPhotos(a.photos.length),
      children: <PhotosTab activity={a} onChange={refresh} />,
    },
  ].filter((tab) => a.canManage || tab.key !== 'participants');

  return (
    <Page
      title={a.title}
      subTitle={
        <Space size={4}>
          <Link to="/activities">{t.activities.crumb}</Link>/<span>{a.kindLabel}</span>
        </Space>
      }
      testId="activity-detail"
      extra={
        a.canManage ? (
          <>
            <Button onClick={() => setEditing(true)} data-testid="activity-edit">
              {tx.edit}
            </Button>
            <Button
              type="primary"
              loading={draft.isPending}
              onClick={() => draft.mutate()}
              data-testid="article-draft"
            >
              {tx.articleDraft}
            </Button>
          </>
        ) : null
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={tx.kind}>{a.kindLabel}</Descriptions.Item>
          <Descriptions.Item label={tx.theme}>{a.theme}</Descriptions.Item>
          <Descriptions.Item label={tx.organiser}>{a.organiserName}</Descriptions.Item>
          <Descriptions.Item label={tx.startsAt}>{formatDateTime(a.startsAt)}</Descriptions.Item>
          <Descriptions.Item label={tx.endsAt}>{formatDateTime(a.endsAt)}</Descriptions.Item>
          <Descriptions.Item label={tx.place}>{a.place}</Descriptions.Item>
          <Descriptions.Item label={tx.status}>
            <Tag>{a.statusLabel}</Tag>
            {a.isOpen ? <Tag color="green">{tx.open}</Tag> : <Tag>{tx.listOnly}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={tx.groups}>
            {a.groups.map((g) => tx.group(g.name, g.personCount)).join('、')}
          </Descriptions.Item>
        </Descriptions>
        {a.description ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
            {a.description}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Card size="small">
        <Tabs items={tabs} />
      </Card>
      <ActivityFormModal open={editing} activity={a} onClose={() => setEditing(false)} onSaved={refresh} />
    </Page>
  );
}
