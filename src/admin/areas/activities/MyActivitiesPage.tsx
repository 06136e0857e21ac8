import { App, Button, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../shared/api/client';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/lib/format';
import type { Participation } from './types';

/** 我的活动: the signed-in person's participation history and their private calendar subscription. */
export default function MyActivitiesPage() {
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const mine = useQuery({
    queryKey: ['activities', 'mine'],
    queryFn: ({ signal }) => api.get<{ items: Participation[] }>('/activities/mine', undefined, signal),
  });
  const feed = useQuery({
    queryKey: ['activities', 'feed'],
    queryFn: ({ signal }) =>
      api.get<{ active: boolean; createdAt: string | null; lastUsedAt: string | null }>(
        '/activities/calendar-feed',
        undefined,
        signal,
      ),
    retry: false,
  });
  const create = useMutation({
    mutationFn: () => api.post<{ url: string; webcalUrl: string }>('/activities/calendar-feed'),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['activities', 'feed'] });
      modal.success({
        title: '日历订阅链接',
        width: 640,
        content: (
          <div>
            <p>在手机或电脑日历中“添加订阅日历”，粘贴下面的链接。链接只显示这一次，请勿转发给他人。</p>
            <Typography.Paragraph copyable code>
              {r.url}
            </Typography.Paragraph>
            <a href={r.webcalUrl}>在本机日历中打开</a>
          </div>
        ),
      });
    },
  });
  const revoke = useMutation({
    mutationFn: () => api.del('/activities/calendar-feed'),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities', 'feed'] }),
  });

  return (
    <Page title="我的活动" testId="my-activities">
      {feed.isSuccess ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Flex gap={12} align="center" wrap>
            <Typography.Text>
              日历订阅：
              {feed.data.active ? `已开启（${formatDateTime(feed.data.createdAt)} 生成）` : '未开启'}
            </Typography.Text>
            <Button loading={create.isPending} onClick={() => create.mutate()}>
              {feed.data.active ? '重新生成链接（旧链接失效）' : '生成订阅链接'}
            </Button>
            {feed.data.active ? (
              <Button danger loading={revoke.isPending} onClick={() => revoke.mutate()}>
                停用
              </Button>
            ) : null}
          </Flex>
        </Card>
      ) : null}
      {mine.isError ? (
        <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <Table
          rowKey="activityId"
          size="middle"
          loading={mine.isFetching}
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: <Empty description="还没有参加过活动" /> }}
          columns={[
            {
              title: '活动',
              dataIndex: 'title',
              render: (v: string, r: Participation) => <Link to={`/activities/${r.activityId}`}>{v}</Link>,
            },
            { title: '类型', dataIndex: 'kindLabel', width: 110 },
            { title: '组织单位', dataIndex: 'organiserName', width: 160, ellipsis: true },
            { title: '时间', dataIndex: 'startsAt', width: 170, render: (v: string) => formatDateTime(v) },
            {
              title: '签到',
              dataIndex: 'checkedInAt',
              width: 120,
              render: (v: string | null) => (v ? <Tag color="red">已签到</Tag> : <Tag>未签到</Tag>),
            },
            {
              title: '获奖',
              dataIndex: 'awards',
              render: (v: string[]) =>
                v.map((w) => (
                  <Tag key={w} color="gold">
                    {w}
                  </Tag>
                )),
            },
          ]}
        />
      )}
    </Page>
  );
}
