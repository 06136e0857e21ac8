import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../app/me';
import { DataTable } from '../../shared/components/DataTable';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { orgLifeApi, orgLifeKeys, thisYear, type HistoryYear } from './api';

const my = t.orgLife.myBirthday;

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
      showSuccess(my.reportSubmitted);
      refresh();
    },
    onError: showError,
  });
  const saveGoals = useMutation({
    mutationFn: () => orgLifeApi.putGoals(personId!, year, goalsText),
    onSuccess: () => {
      showSuccess(my.goalsSaved);
      refresh();
    },
    onError: showError,
  });
  const [proposalForm] = Form.useForm<{ title: string; content: string; target: 'school' | 'branch' }>();
  const propose = useMutation({
    mutationFn: (v: { title: string; content: string; target: 'school' | 'branch' }) =>
      orgLifeApi.propose({ personId: personId!, year, ...v }),
    onSuccess: () => {
      showSuccess(my.proposed);
      proposalForm.resetFields();
      refresh();
    },
    onError: showError,
  });

  if (me.isPending) return <Loading />;
  if (!personId) return <Page title={my.title}>{<Empty description={my.noPerson} />}</Page>;
  if (checklist.isPending) return <Loading />;
  if (checklist.isError) return <ErrorState error={checklist.error} notFoundText={my.notMember} />;
  const c = checklist.data;
  const locked = Boolean(report.data?.comment);
  const goalsLocked = Boolean(goals.data?.items[0]?.reviewResult);
  return (
    <Page
      title={my.title}
      subTitle={c.birthdayOn ? my.subTitle(c.birthdayOn, c.years, c.joinedOn) : undefined}
      testId="my-birthday"
      extra={
        c.birthdayOn ? (
          <Button onClick={() => void orgLifeApi.downloadCard(personId!, year, 'pdf').catch(showError)}>
            {my.downloadCard}
          </Button>
        ) : null
      }
    >
      {!c.birthdayOn ? <Alert type="info" showIcon title={my.noBirthday} /> : null}
      <Card size="small" title={my.checklistTitle(year, c.done, c.total)} style={{ marginBottom: 12 }}>
        <Space wrap>
          {c.items.map((i) => (
            <Tag key={i.key} color={i.done ? 'green' : 'default'}>
              {i.done ? '✓' : '○'} {i.label}
              {i.detail ? `：${i.detail}` : ''}
            </Tag>
          ))}
        </Space>
      </Card>
      <Card size="small" title={my.report} style={{ marginBottom: 12 }}>
        <Input.TextArea
          rows={6}
          maxLength={10000}
          showCount
          value={reportText}
          disabled={locked || !c.birthdayOn}
          onChange={(e) => setReportText(e.target.value)}
          aria-label={my.report}
          data-testid="my-report"
        />
        {report.data?.comment ? (
          <Alert
            style={{ marginTop: 24 }}
            type="success"
            title={my.commentTitle(report.data.commentedByName)}
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
            {my.submit}
          </Button>
        )}
      </Card>
      <Card size="small" title={my.goalsTitle(year + 1)} style={{ marginBottom: 12 }}>
        <Input.TextArea
          rows={3}
          maxLength={5000}
          value={goalsText}
          disabled={goalsLocked || !c.birthdayOn}
          onChange={(e) => setGoalsText(e.target.value)}
          aria-label={my.goalsTitle(year + 1)}
        />
        <Button
          style={{ marginTop: 8 }}
          disabled={!goalsText.trim() || goalsLocked || !c.birthdayOn}
          loading={saveGoals.isPending}
          onClick={() => saveGoals.mutate()}
        >
          {my.saveGoals}
        </Button>
      </Card>
      <Card size="small" title={my.proposals} style={{ marginBottom: 12 }}>
        <Form
          form={proposalForm}
          layout="vertical"
          initialValues={{ target: 'school' }}
          onFinish={(v) => propose.mutate(v)}
          disabled={!c.birthdayOn}
        >
          <Form.Item name="target">
            <Radio.Group>
              <Radio value="school">{my.targetSchool}</Radio>
              <Radio value="branch">{my.targetBranch}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true, message: my.proposalTitleRequired }]}>
            <Input placeholder={my.proposalTitle} maxLength={100} />
          </Form.Item>
          <Form.Item name="content" rules={[{ required: true, message: my.proposalContentRequired }]}>
            <Input.TextArea rows={3} placeholder={my.proposalContent} maxLength={5000} />
          </Form.Item>
          <Button htmlType="submit" loading={propose.isPending}>
            {my.propose}
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
            <Typography.Text type="secondary">{my.noProposals}</Typography.Text>
          )}
        </div>
      </Card>
      <Card size="small" title={my.history}>
        <DataTable<HistoryYear>
          rowKey="year"
          frame="plain"
          query={history}
          columns={[
            { title: my.col.year, dataIndex: 'year', width: 80 },
            { title: my.col.years, dataIndex: 'years', width: 80 },
            {
              title: my.col.checklist,
              key: 'c',
              width: 100,
              render: (_: unknown, r: HistoryYear) => `${r.done}/${r.total}`,
            },
            {
              title: my.col.goals,
              key: 'g',
              render: (_: unknown, r: HistoryYear) =>
                r.goals
                  ? r.goals.reviewResult === 'met'
                    ? my.goalsMet
                    : r.goals.reviewResult === 'notMet'
                      ? my.goalsNotMet
                      : my.goalsPending
                  : '—',
            },
          ]}
        />
        {history.data && history.data.items.length < history.data.birthdaysSinceJoining ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {my.historyNote(history.data.items.length, history.data.birthdaysSinceJoining)}
          </Typography.Paragraph>
        ) : null}
      </Card>
    </Page>
  );
}
