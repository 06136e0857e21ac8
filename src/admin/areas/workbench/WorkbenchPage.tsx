import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, Empty, Flex, List, Progress, Row, Space, Tag, Typography } from 'antd';
import {
  CheckCircleFilled,
  ClockCircleOutlined,
  ExclamationCircleFilled,
  RightOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { formatDateTime } from '../../shared/lib/format';
import { usePermissions } from '../../app/me';
import { visibleNav } from '../../app/nav';
import { auditApi, auditKeys } from '../audit/api';
import { currentAuditAction } from '../../../common/auditActions';
import { t } from '../../locales';
import {
  workbenchApi,
  workbenchKeys,
  type SetupChecklistView,
  type WorkbenchItem,
  type WorkbenchTone,
} from './api';

const w = t.workbench;
const TONE_COLOR: Record<WorkbenchTone, string> = { overdue: 'red', todo: 'orange', info: 'blue' };

/** '2026-12-03' → '2026年12月3日 星期四' (the day is Shanghai's, as the server judged it). */
const longDay = (day: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date(`${day}T12:00:00+08:00`));

/** A link inside the console, or to the server (downloads, the site) when it leaves /admin. */
function To(props: { href: string; children: React.ReactNode; testId?: string }) {
  const external = props.href === '/' || props.href.startsWith('/api/');
  return external ? (
    <a href={props.href} data-testid={props.testId}>
      {props.children}
    </a>
  ) : (
    <Link to={props.href} data-testid={props.testId}>
      {props.children}
    </Link>
  );
}

function ItemCard({ item }: { item: WorkbenchItem }) {
  const more = item.count !== null && item.count > item.entries.length ? item.count - item.entries.length : 0;
  return (
    <Card
      size="small"
      className={`workbench-item tone-${item.tone}`}
      data-testid={`wb-${item.key}`}
      data-tone={item.tone}
      title={
        <Space size={8} wrap>
          <Tag color={TONE_COLOR[item.tone]} style={{ marginInlineEnd: 0 }}>
            {w.tones[item.tone]}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.area}
          </Typography.Text>
        </Space>
      }
      extra={
        <To href={item.link} testId={`wb-open-${item.key}`}>
          {item.tone === 'info' ? w.view : w.open} <RightOutlined />
        </To>
      }
    >
      <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
        <To href={item.link}>{item.title}</To>
      </Typography.Title>
      {item.detail ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
          {item.detail}
        </Typography.Paragraph>
      ) : null}
      {item.entries.length ? (
        <List
          size="small"
          split={false}
          style={{ marginTop: 6 }}
          dataSource={item.entries}
          renderItem={(e, i) => (
            <List.Item style={{ padding: '2px 0' }} data-testid={`wb-entry-${item.key}-${i}`}>
              <span>
                {e.link ? <To href={e.link}>{e.label}</To> : e.label}
                {e.detail ? (
                  <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 13 }}>
                    {e.detail}
                  </Typography.Text>
                ) : null}
              </span>
            </List.Item>
          )}
        />
      ) : null}
      {more ? (
        <div style={{ marginTop: 4, fontSize: 13 }}>
          <To href={item.link}>{w.more(more)}</To>
        </div>
      ) : null}
    </Card>
  );
}

function SetupCard(props: { setup: SetupChecklistView; onHide?: () => void }) {
  const { setup } = props;
  return (
    <Card
      title={w.setup.title}
      data-testid="wb-setup"
      style={{ marginBottom: 16 }}
      extra={
        <Space>
          <Typography.Text type="secondary">{w.setup.progress(setup.done, setup.total)}</Typography.Text>
          {props.onHide ? (
            <Button size="small" type="link" onClick={props.onHide}>
              {w.setup.hide}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Progress percent={Math.round((setup.done * 100) / setup.total)} showInfo={false} />
      <Typography.Paragraph type="secondary">
        {setup.complete ? w.setup.allDone : w.setup.intro}
      </Typography.Paragraph>
      <List
        dataSource={setup.steps}
        renderItem={(s, i) => (
          <List.Item
            data-testid={`wb-setup-${s.key}`}
            data-done={s.done}
            actions={[
              <To key="go" href={s.link}>
                {w.setup.go}
              </To>,
            ]}
          >
            <List.Item.Meta
              avatar={
                s.done ? (
                  <CheckCircleFilled style={{ color: '#389e0d', fontSize: 18 }} aria-label={w.setup.done} />
                ) : (
                  <ClockCircleOutlined style={{ color: '#d46b08', fontSize: 18 }} aria-label={w.setup.todo} />
                )
              }
              title={`${i + 1}. ${s.title}`}
              description={
                <>
                  {s.detail}
                  {s.links.length ? (
                    <Space size={12} style={{ marginLeft: 8 }}>
                      {s.links.map((l) => (
                        <To key={l.href} href={l.href}>
                          {l.label}
                        </To>
                      ))}
                    </Space>
                  ) : null}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function RecentAudit() {
  const recent = useQuery({
    queryKey: auditKeys.search({ page: 1, pageSize: 5 }),
    queryFn: ({ signal }) => auditApi.search({ page: 1, pageSize: 5 }, signal),
    refetchOnMount: 'always',
  });
  return (
    <Card
      size="small"
      title={w.audit.title}
      extra={<Link to="/audit">{w.audit.all}</Link>}
      data-testid="wb-audit"
    >
      {recent.isError ? (
        <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
      ) : (
        <List
          size="small"
          loading={recent.isPending}
          dataSource={recent.data?.items ?? []}
          locale={{ emptyText: w.audit.empty }}
          renderItem={(e) => (
            <List.Item style={{ padding: '4px 0' }}>
              <span>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 8 }}>
                  {formatDateTime(e.at)}
                </Typography.Text>
                {e.actorName ?? '—'} · {t.audit.actions[currentAuditAction(e.action)] ?? e.action}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/**
 * 工作台: the first page after login (and the home screen on a phone). What this person should do
 * now, each item a link to where it is done; the park's setup checklist for whoever sets it up.
 * Items come from the server (src/server/areas/workbench), judged on Shanghai's today.
 */
export default function WorkbenchPage() {
  const { me, canUse } = usePermissions();
  const [setupOpen, setSetupOpen] = useState<boolean | null>(null);
  const wb = useQuery({
    queryKey: workbenchKeys.all,
    queryFn: ({ signal }) => workbenchApi.get(signal),
    // Coming back from doing an item must show it gone.
    refetchOnMount: 'always',
  });
  if (wb.isPending) return <Loading />;
  if (wb.isError) return <ErrorState error={wb.error} onRetry={() => void wb.refetch()} />;
  const { items, setup, today, unavailable } = wb.data;
  const now = items.filter((i) => i.tone !== 'info');
  const know = items.filter((i) => i.tone === 'info');
  const showSetup = setup !== null && (setupOpen ?? !setup.complete);
  const quickLinks = visibleNav(canUse).filter((n) => n.path !== '/workbench');

  const group = (title: string, list: WorkbenchItem[], testId: string) =>
    list.length ? (
      <section style={{ marginBottom: 16 }} data-testid={testId} aria-label={title}>
        <Typography.Title level={2} style={{ marginTop: 0, fontSize: 16 }}>
          {title}
        </Typography.Title>
        <Row gutter={[12, 12]}>
          {list.map((i) => (
            <Col key={i.key} xs={24} lg={12}>
              <ItemCard item={i} />
            </Col>
          ))}
        </Row>
      </section>
    ) : null;

  return (
    <Page title={w.title} subTitle={w.greeting(me?.displayName ?? '', longDay(today))} testId="workbench">
      {unavailable.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={w.unavailable(unavailable.join('、'))}
        />
      ) : null}
      {setup && showSetup ? <SetupCard setup={setup} onHide={() => setSetupOpen(false)} /> : null}
      {setup && !showSetup ? (
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <Button type="link" size="small" onClick={() => setSetupOpen(true)} data-testid="wb-setup-reopen">
            {w.setup.reopen}（{w.setup.progress(setup.done, setup.total)}）
          </Button>
        </Flex>
      ) : null}
      {group(w.groups.now, now, 'wb-now')}
      {group(w.groups.know, know, 'wb-know')}
      {!now.length && !know.length ? (
        <Card data-testid="wb-empty" style={{ marginBottom: 16 }}>
          <Empty
            image={<ExclamationCircleFilled style={{ fontSize: 40, color: '#bfbfbf' }} />}
            description={
              <>
                <div style={{ fontSize: 15 }}>{w.nothingToDo}</div>
                <div style={{ color: '#666', marginTop: 4 }}>{w.nothingToDoHint}</div>
              </>
            }
          >
            <Space wrap size={[16, 8]} aria-label={w.quickLinks}>
              {quickLinks.map((n) => (
                <Link key={n.path} to={n.children?.[0]?.path ?? n.path} className="workbench-quick">
                  {n.label}
                </Link>
              ))}
            </Space>
          </Empty>
        </Card>
      ) : null}
      {canUse('audit.read') ? <RecentAudit /> : null}
    </Page>
  );
}
