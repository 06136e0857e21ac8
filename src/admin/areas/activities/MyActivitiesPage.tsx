import { App, Button, Card, Flex, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DataTable } from '../../shared/components/DataTable';
import { Page } from '../../shared/components/Page';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { activitiesApi, activityKeys, type Participation } from './api';

/** 我的活动: the signed-in person's participation history and their private calendar subscription. */
export default function MyActivitiesPage() {
  const tx = t.activities.my;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const mine = useQuery({ queryKey: activityKeys.mine, queryFn: ({ signal }) => activitiesApi.mine(signal) });
  const feed = useQuery({
    queryKey: activityKeys.feed,
    queryFn: ({ signal }) => activitiesApi.feed(signal),
    retry: false,
  });
  const create = useMutation({
    mutationFn: activitiesApi.createFeed,
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: activityKeys.feed });
      modal.success({
        title: tx.feedTitle,
        width: 640,
        content: (
          <div>
            <p>{tx.feedHint}</p>
            <Typography.Paragraph copyable code>
              {r.url}
            </Typography.Paragraph>
            <a href={r.webcalUrl}>{tx.openInCalendar}</a>
          </div>
        ),
      });
    },
  });
  const revoke = useMutation({
    mutationFn: activitiesApi.revokeFeed,
    onSuccess: () => void qc.invalidateQueries({ queryKey: activityKeys.feed }),
  });

  const columns: TableColumnsType<Participation> = [
    {
      title: tx.activity,
      dataIndex: 'title',
      render: (v: string, r) => <Link to={`/activities/${r.activityId}`}>{v}</Link>,
    },
    { title: tx.kind, dataIndex: 'kindLabel', width: 110 },
    { title: tx.organiser, dataIndex: 'organiserName', width: 160, ellipsis: true },
    { title: tx.time, dataIndex: 'startsAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: tx.checkin,
      dataIndex: 'checkedInAt',
      width: 120,
      render: (v: string | null) =>
        v ? <Tag color="red">{tx.checkedIn}</Tag> : <Tag>{tx.notCheckedIn}</Tag>,
    },
    {
      title: tx.awards,
      dataIndex: 'awards',
      render: (v: string[]) =>
        v.map((w) => (
          <Tag key={w} color="gold">
            {w}
          </Tag>
        )),
    },
  ];

  return (
    <Page title={tx.title} testId="my-activities">
      {feed.isSuccess ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Flex gap={12} align="center" wrap>
            <Typography.Text>
              {tx.feed}
              {feed.data.active ? tx.feedOn(formatDateTime(feed.data.createdAt)) : tx.feedOff}
            </Typography.Text>
            <Button loading={create.isPending} onClick={() => create.mutate()}>
              {feed.data.active ? tx.regenerate : tx.generate}
            </Button>
            {feed.data.active ? (
              <Button danger loading={revoke.isPending} onClick={() => revoke.mutate()}>
                {tx.revoke}
              </Button>
            ) : null}
          </Flex>
        </Card>
      ) : null}
      <DataTable<Participation>
        rowKey="activityId"
        size="middle"
        query={mine}
        columns={columns}
        emptyText={tx.empty}
      />
    </Page>
  );
}
