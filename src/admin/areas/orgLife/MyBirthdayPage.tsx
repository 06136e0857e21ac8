import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { orgLifeApi, orgLifeKeys, thisYear, type HistoryYear } from './api';

/**
 * 我的政治生日: the member's own checklist; they write the thought report on the year, next year's
 * goals and a proposal here, see the secretary's comment and the proposal's progress, and keep
 * their card.
 */
export default function MyBirthdayPage() {
  const me = useMe();
  const personId = me.data?.personId ?? null;
  const year = thisYear();
  const qc = useQueryClient();
  const checklist = useQuery({
    queryKey: orgLifeKeys.checklist(personId, year),
    enabled: personId !== null,
    retry: false,
    queryFn: ({ signal }) => orgLifeApi.checklist(personId!, year, signal),
  });
  const report = useQuery({
    queryKey: orgLifeKeys.report(checklist.data?.thoughtReport?.id),
    enabled: Boolean(checklist.data?.thoughtReport),
    queryFn: ({ signal }) => orgLifeApi.report(checklist.data!.thoughtReport!.id, signal),
  });
  const goals = useQuery({
    queryKey: orgLifeKeys.goals(personId, year),
    enabled: personId !== null,
    queryFn: ({ signal }) => orgLifeApi.goals({ personId: personId!, year }, signal),
  });
  const proposals = useQuery({
    queryKey: orgLifeKeys.proposals({ personId }),
    enabled: personId !== null,
    queryFn: ({ signal }) => orgLifeApi.proposals({ personId: personId! }, signal),
  });
  const history = useQuery({
    queryKey: orgLifeKeys.history(personId),
    enabled: personId !== null,
    queryFn: ({ signal }) => orgLifeApi.history(personId!, signal),
  });
  const [reportText, setReportText] = useState('');
  const [goalsText, setGoalsText] = useState('');
  useEffect(() => setReportText(report.data?.content ?? ''), [report.data]);
  useEffect(() => setGoalsText(goals.data?.items[0]?.content ?? ''), [goals.data]);
  const refresh = () => void qc.invalidateQueries({ queryKey: orgLifeKeys.all });
  const saveReport = useMutation({
    mutationFn: () => orgLifeApi.putReport(personId!, year, reportText),
    onSuccess: () => {
      showSuccess('思想汇报已提交');
      refresh();
    },
    onError: showError,
  });
  const saveGoals = useMutation({
    mutationFn: () => orgLifeApi.putGoals(personId!, year, goalsText),
    onSuccess: () => {
      showSuccess('目标已保存');
      refresh();
    },
    onError: showError,
  });
  const [proposalForm] = Form.useForm<{ title: string; content: string; target: 'school' | 'branch' }>();
  const propose = useMutation({
    mutationFn: (v: { title: string; content: string; target: 'school' | 'branch' }) =>
      orgLifeApi.propose({ personId: personId!, year, ...v }),
    onSuccess: () => {
      showSuccess('建议已提交');
      proposalForm.resetFields();
      refresh();
    },
    onError: showError,
  });

  if (me.isPending) return <Loading />;
  if (!personId) return <Page title="我的政治生日">{<Empty description="当前账号没有关联人员" />}</Page>;
  if (checklist.isPending) return <Loading />;
  if (checklist.isError)
    return <ErrorState error={checklist.error} notFoundText="您还不是党员，或没有党员记录" />;
  const c = checklist.data;
  const locked = Boolean(report.data?.comment);
  const goalsLocked = Boolean(goals.data?.items[0]?.reviewResult);
  return (
    <Page
      title="我的政治生日"
      subTitle={
        c.birthdayOn ? `${c.birthdayOn} 是您的第 ${c.years} 个政治生日（入党时间 ${c.joinedOn}）` : undefined
      }
      testId="my-birthday"
      extra={
        c.birthdayOn ? (
          <Button onClick={() => void orgLifeApi.downloadCard(personId!, year, 'pdf').catch(showError)}>
            下载我的贺卡
          </Button>
        ) : null
      }
    >
      {!c.birthdayOn ? <Alert type="info" showIcon title="今年还没有政治生日（入党满一年后开始）" /> : null}
      <Card size="small" title={`${year}年清单（${c.done}/${c.total}）`} style={{ marginBottom: 12 }}>
        <Space wrap>
          {c.items.map((i) => (
            <Tag key={i.key} color={i.done ? 'green' : 'default'}>
              {i.done ? '✓' : '○'} {i.label}
              {i.detail ? `：${i.detail}` : ''}
            </Tag>
          ))}
        </Space>
      </Card>
      <Card size="small" title="一年的思想汇报" style={{ marginBottom: 12 }}>
        <Input.TextArea
          rows={6}
          maxLength={10000}
          showCount
          value={reportText}
          disabled={locked || !c.birthdayOn}
          onChange={(e) => setReportText(e.target.value)}
          data-testid="my-report"
        />
        {report.data?.comment ? (
          <Alert
            style={{ marginTop: 24 }}
            type="success"
            title={`书记批阅（${report.data.commentedByName ?? ''}）`}
            description={report.data.comment}
            data-testid="my-report-comment"
          />
        ) : (
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            disabled={!reportText.trim() || !c.birthdayOn}
            loading={saveReport.isPending}
            onClick={() => saveReport.mutate()}
            data-testid="my-report-submit"
          >
            提交
          </Button>
        )}
      </Card>
      <Card size="small" title={`${year + 1}年的目标`} style={{ marginBottom: 12 }}>
        <Input.TextArea
          rows={3}
          maxLength={5000}
          value={goalsText}
          disabled={goalsLocked || !c.birthdayOn}
          onChange={(e) => setGoalsText(e.target.value)}
        />
        <Button
          style={{ marginTop: 8 }}
          disabled={!goalsText.trim() || goalsLocked || !c.birthdayOn}
          loading={saveGoals.isPending}
          onClick={() => saveGoals.mutate()}
        >
          保存目标
        </Button>
      </Card>
      <Card size="small" title="合理化建议" style={{ marginBottom: 12 }}>
        <Form
          form={proposalForm}
          layout="vertical"
          initialValues={{ target: 'school' }}
          onFinish={(v) => propose.mutate(v)}
          disabled={!c.birthdayOn}
        >
          <Form.Item name="target">
            <Radio.Group>
              <Radio value="school">对学校发展</Radio>
              <Radio value="branch">对支部建设</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true, message: '请填写标题' }]}>
            <Input placeholder="标题" maxLength={100} />
          </Form.Item>
          <Form.Item name="content" rules={[{ required: true, message: '请填写建议内容' }]}>
            <Input.TextArea rows={3} placeholder="建议内容" maxLength={5000} />
          </Form.Item>
          <Button htmlType="submit" loading={propose.isPending}>
            提交建议
          </Button>
        </Form>
        <div style={{ marginTop: 12 }}>
          {(proposals.data?.items ?? []).length ? (
            proposals.data!.items.map((p) => (
              <Flex
                key={p.id}
                justify="space-between"
                style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}
              >
                <Typography.Text>{p.title}</Typography.Text>
                <Tag>{p.statusLabel}</Tag>
              </Flex>
            ))
          ) : (
            <Typography.Text type="secondary">尚未提出建议</Typography.Text>
          )}
        </div>
      </Card>
      <Card size="small" title="历年记录">
        <Table
          rowKey="year"
          size="small"
          pagination={false}
          dataSource={history.data?.items ?? []}
          columns={[
            { title: '年份', dataIndex: 'year', width: 80 },
            { title: '第几个', dataIndex: 'years', width: 80 },
            {
              title: '清单',
              key: 'c',
              width: 100,
              render: (_: unknown, r: HistoryYear) => `${r.done}/${r.total}`,
            },
            {
              title: '目标对照',
              key: 'g',
              render: (_: unknown, r: HistoryYear) =>
                r.goals
                  ? r.goals.reviewResult === 'met'
                    ? '已达成'
                    : r.goals.reviewResult === 'notMet'
                      ? '未达成'
                      : '待对照'
                  : '—',
            },
          ]}
        />
      </Card>
    </Page>
  );
}
