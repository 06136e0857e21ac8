import { useState } from 'react';
import {
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Input,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { orgLifeApi, orgLifeKeys } from './api';

const cl = t.orgLife.checklist;

/**
 * A member's political-birthday checklist for a year, as the secretary works it: tick the manual
 * items, read and comment on the thought report, review last year's goals.
 */
export function ChecklistDrawer(props: { personId: string | null; year: number; onClose: () => void }) {
  const qc = useQueryClient();
  const { personId, year } = props;
  const checklist = useQuery({
    queryKey: orgLifeKeys.checklist(personId, year),
    enabled: personId !== null,
    queryFn: ({ signal }) => orgLifeApi.checklist(personId!, year, signal),
  });
  const reportId = checklist.data?.thoughtReport?.id;
  const report = useQuery({
    queryKey: orgLifeKeys.report(reportId),
    enabled: Boolean(reportId),
    queryFn: ({ signal }) => orgLifeApi.report(reportId!, signal),
  });
  const lastGoals = useQuery({
    queryKey: orgLifeKeys.goals(personId, year - 1),
    enabled: personId !== null,
    queryFn: ({ signal }) => orgLifeApi.goals({ personId: personId!, year: year - 1 }, signal),
  });
  const [comment, setComment] = useState('');
  const [details, setDetails] = useState<Record<string, string>>({});
  const refresh = () => void qc.invalidateQueries({ queryKey: orgLifeKeys.all });

  const tick = useMutation({
    mutationFn: (items: Record<string, { done: boolean; detail?: string | null }>) =>
      orgLifeApi.tick(personId!, year, items),
    onSuccess: refresh,
    onError: showError,
  });
  const sendComment = useMutation({
    mutationFn: () => orgLifeApi.commentReport(reportId!, comment),
    onSuccess: () => {
      showSuccess(cl.commented);
      setComment('');
      refresh();
    },
    onError: showError,
  });
  const review = useMutation({
    mutationFn: (v: { id: string; result: 'met' | 'notMet' }) =>
      orgLifeApi.reviewGoals(v.id, { result: v.result }),
    onSuccess: refresh,
    onError: showError,
  });

  const c = checklist.data;
  return (
    <Drawer
      open={personId !== null}
      onClose={props.onClose}
      size={560}
      title={c ? cl.title(c.name, year, c.years) : cl.fallbackTitle}
      destroyOnHidden
    >
      {checklist.isPending ? (
        <Loading />
      ) : checklist.isError ? (
        <ErrorState error={checklist.error} />
      ) : c ? (
        <Flex vertical gap={16} data-testid="checklist-drawer">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={cl.branch}>{c.branchName}</Descriptions.Item>
            <Descriptions.Item label={cl.joinedOn}>{c.joinedOn}</Descriptions.Item>
            <Descriptions.Item label={cl.birthdayOn}>{c.birthdayOn}</Descriptions.Item>
            <Descriptions.Item label={cl.done}>
              {c.done} / {c.total}
              {c.complete ? (
                <Tag color="green" style={{ marginLeft: 8 }}>
                  {cl.complete}
                </Tag>
              ) : null}
            </Descriptions.Item>
          </Descriptions>
          <div>
            {c.items.map((i) => (
              <Flex key={i.key} align="center" gap={8} style={{ padding: '4px 0' }}>
                {i.source === 'manual' ? (
                  <Checkbox
                    checked={i.done}
                    disabled={tick.isPending}
                    data-testid={`item-${i.key}`}
                    onChange={(e) =>
                      tick.mutate({
                        [i.key]: { done: e.target.checked, detail: details[i.key] ?? i.detail },
                      })
                    }
                  >
                    {i.label}
                  </Checkbox>
                ) : (
                  <span>
                    <Tag color={i.done ? 'green' : 'default'}>{i.done ? cl.complete : cl.incomplete}</Tag>
                    {i.label}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {cl.automatic}
                    </Typography.Text>
                  </span>
                )}
                {i.detailLabel ? (
                  <Input
                    size="small"
                    style={{ width: 180 }}
                    placeholder={i.detailLabel}
                    defaultValue={i.detail ?? ''}
                    onChange={(e) => setDetails({ ...details, [i.key]: e.target.value })}
                    onBlur={() =>
                      details[i.key] !== undefined && details[i.key] !== (i.detail ?? '')
                        ? tick.mutate({ [i.key]: { done: i.done, detail: details[i.key] } })
                        : undefined
                    }
                  />
                ) : null}
              </Flex>
            ))}
          </div>

          <div>
            <Typography.Title level={5}>{cl.report}</Typography.Title>
            {!reportId ? (
              <Empty description={cl.reportMissing} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : report.data ? (
              <>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                  {report.data.content}
                </Typography.Paragraph>
                {report.data.comment ? (
                  <Typography.Paragraph type="secondary">
                    {cl.reportComment(report.data.commentedByName, report.data.comment)}
                  </Typography.Paragraph>
                ) : null}
                <Space.Compact style={{ width: '100%' }}>
                  <Input.TextArea
                    rows={2}
                    value={comment}
                    maxLength={2000}
                    placeholder={cl.commentPlaceholder}
                    data-testid="report-comment"
                    onChange={(e) => setComment(e.target.value)}
                  />
                </Space.Compact>
                <Button
                  type="primary"
                  style={{ marginTop: 8 }}
                  disabled={!comment.trim()}
                  loading={sendComment.isPending}
                  onClick={() => sendComment.mutate()}
                  data-testid="report-comment-submit"
                >
                  {report.data.comment ? cl.recomment : cl.comment}
                </Button>
              </>
            ) : (
              <Loading />
            )}
          </div>

          <div>
            <Typography.Title level={5}>{cl.goalsTitle(year)}</Typography.Title>
            {lastGoals.data?.items[0] ? (
              <>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                  {lastGoals.data.items[0].content}
                </Typography.Paragraph>
                <Radio.Group
                  value={lastGoals.data.items[0].reviewResult}
                  onChange={(e) =>
                    review.mutate({ id: lastGoals.data!.items[0]!.id, result: e.target.value })
                  }
                >
                  <Radio value="met">{cl.met}</Radio>
                  <Radio value="notMet">{cl.notMet}</Radio>
                </Radio.Group>
              </>
            ) : (
              <Empty description={cl.noGoals} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </div>
        </Flex>
      ) : null}
    </Drawer>
  );
}
