import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Statistic, Table, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { t } from '../../locales';
import { newsroomApi, newsroomKeys } from './api';
import { nowPicker } from '../../shared/lib/format';

/** 浏览统计: daily article views, the most read articles, views per column (counted by the server). */
export default function StatsPage() {
  const tx = t.newsroom.stats;
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [nowPicker().subtract(29, 'day'), nowPicker()]);
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const views = useQuery({
    queryKey: [...newsroomKeys.stats, 'views', q],
    queryFn: ({ signal }) => newsroomApi.views(q, signal),
  });
  const summary = useQuery({
    queryKey: [...newsroomKeys.stats, 'summary', q],
    queryFn: ({ signal }) => newsroomApi.summary({ ...q, limit: 20 }, signal),
  });
  const max = Math.max(1, ...(views.data?.series.map((p) => p.views) ?? [1]));
  return (
    <Page
      title={tx.title}
      subTitle={tx.subTitle}
      testId="portal-stats"
      extra={
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
      }
    >
      {views.isError ? <ErrorState error={views.error} onRetry={() => void views.refetch()} /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card title={tx.daily}>
            <Statistic title={tx.total} value={views.data?.total ?? 0} />
            {views.data?.series.length ? (
              <div style={{ display: 'flex', alignItems: 'flex-end', height: 180, gap: 2, marginTop: 12 }}>
                {views.data.series.map((p) => (
                  <Tooltip key={p.day} title={tx.dayViews(p.day, p.views)}>
                    <div
                      style={{
                        flex: 1,
                        height: `${Math.max(2, (p.views / max) * 100)}%`,
                        background: p.views ? '#c00000' : '#eee',
                        borderRadius: '2px 2px 0 0',
                      }}
                    />
                  </Tooltip>
                ))}
              </div>
            ) : (
              <Empty />
            )}
          </Card>
          <Card title={tx.top} style={{ marginTop: 16 }}>
            <Table
              rowKey="id"
              size="small"
              loading={summary.isPending}
              pagination={false}
              dataSource={summary.data?.topArticles ?? []}
              columns={[
                {
                  title: tx.colTitle,
                  dataIndex: 'title',
                  render: (v: string, r) => <Link to={`/portal/articles/${r.id}`}>{v}</Link>,
                },
                { title: tx.colRangeViews, dataIndex: 'views', width: 100, align: 'right' },
                { title: tx.colTotalViews, dataIndex: 'totalViews', width: 100, align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={tx.byColumn}>
            <Table
              rowKey="id"
              size="small"
              loading={summary.isPending}
              pagination={false}
              dataSource={summary.data?.columns ?? []}
              columns={[
                { title: tx.colColumn, dataIndex: 'name' },
                { title: tx.colPageViews, dataIndex: 'pageViews', width: 80, align: 'right' },
                { title: tx.colArticleViews, dataIndex: 'articleViews', width: 80, align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
