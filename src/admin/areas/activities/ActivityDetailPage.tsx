import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  Modal,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, upload } from '../../shared/api/client';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { PersonPicker } from '../../shared/components/PersonPicker';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { ofKinds } from '../../shared/lib/orgTree';
import { ActivityFormModal } from './ActivityFormModal';
import type { ActivityDetail, ArticleDraft, Participant } from './types';

const groupKeep = ofKinds(
  'park',
  'generalBranch',
  'school',
  'grade',
  'class',
  'department',
  'branch',
  'partyGroup',
);
const groupSelectable = ofKinds('school', 'grade', 'class', 'department', 'branch', 'partyGroup');
const awardKeep = ofKinds(
  'park',
  'generalBranch',
  'school',
  'grade',
  'class',
  'branch',
  'leagueCommittee',
  'leagueBranch',
);
const awardSelectable = ofKinds('class', 'branch', 'leagueBranch', 'grade');

/** One activity: details, participants and sign-in, QR code, results and awards, photos, article draft. */
export default function ActivityDetailPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const detail = useQuery({
    queryKey: ['activities', 'detail', id],
    queryFn: ({ signal }) => api.get<ActivityDetail>(`/activities/${id}`, undefined, signal),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['activities'] });

  const draft = useMutation({
    mutationFn: () => api.post<ArticleDraft>(`/activities/${id}/article-draft`, { create: true }),
    onSuccess: (d) => {
      refresh();
      modal.info({
        title: d.created ? '已生成网站文章草稿' : '文章草稿内容',
        width: 720,
        content: (
          <div>
            {d.notice ? (
              <Alert type={d.created ? 'success' : 'info'} title={d.notice} style={{ marginBottom: 12 }} />
            ) : null}
            {d.article ? (
              <p>
                <a href={d.article.link}>打开文章草稿</a>
              </p>
            ) : null}
            <Typography.Title level={5}>{d.title}</Typography.Title>
            <Typography.Paragraph type="secondary">{d.summary}</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: d.bodyHtml }}>正文 HTML（可复制）</Typography.Paragraph>
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
      label: `参加人员（${a.checkedInCount}/${a.participantCount}）`,
      children: <ParticipantsTab activity={a} onChange={refresh} />,
    },
    ...(a.canManage ? [{ key: 'qr', label: '扫码签到', children: <CheckinTab activity={a} /> }] : []),
    { key: 'results', label: '成果与获奖', children: <ResultsTab activity={a} onChange={refresh} /> },
    {
      key: 'photos',
      label: `照片（${a.photos.length}）`,
      children: <PhotosTab activity={a} onChange={refresh} />,
    },
  ].filter((tab) => a.canManage || tab.key !== 'participants');

  return (
    <Page
      title={a.title}
      subTitle={
        <Space size={4}>
          <Link to="/activities">活动</Link>/<span>{a.kindLabel}</span>
        </Space>
      }
      testId="activity-detail"
      extra={
        a.canManage ? (
          <>
            <Button onClick={() => setEditing(true)}>编辑</Button>
            <Button
              type="primary"
              loading={draft.isPending}
              onClick={() => draft.mutate()}
              data-testid="article-draft"
            >
              生成网站文章草稿
            </Button>
          </>
        ) : null
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="类型">{a.kindLabel}</Descriptions.Item>
          <Descriptions.Item label="主题">{a.theme}</Descriptions.Item>
          <Descriptions.Item label="组织单位">{a.organiserName}</Descriptions.Item>
          <Descriptions.Item label="开始">{formatDateTime(a.startsAt)}</Descriptions.Item>
          <Descriptions.Item label="结束">{formatDateTime(a.endsAt)}</Descriptions.Item>
          <Descriptions.Item label="地点">{a.place}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag>{a.statusLabel}</Tag>
            {a.isOpen ? <Tag color="green">开放签到</Tag> : <Tag>仅限名单</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="参加集体">
            {a.groups.map((g) => `${g.name}（${g.personCount}人）`).join('、')}
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

function ParticipantsTab(props: { activity: ActivityDetail; onChange: () => void }) {
  const a = props.activity;
  const qc = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [personId, setPersonId] = useState<string | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['activities', 'participants', a.id],
    queryFn: ({ signal }) =>
      api.get<{ items: Participant[] }>(`/activities/${a.id}/participants`, undefined, signal),
  });
  const done = () => {
    setSelected([]);
    void qc.invalidateQueries({ queryKey: ['activities'] });
    props.onChange();
  };
  const add = useMutation({
    mutationFn: (body: { personIds?: string[]; groupIds?: string[] }) =>
      api.post<{ added: number; skipped: number }>(`/activities/${a.id}/participants`, body),
    onSuccess: (r) => {
      showSuccess(`已添加 ${r.added} 人${r.skipped ? `，${r.skipped} 人已在名单中` : ''}`);
      setPersonId(null);
      setGroupId(null);
      done();
    },
  });
  const attend = useMutation({
    mutationFn: (present: boolean) =>
      api.post(`/activities/${a.id}/attendance`, { personIds: selected, present }),
    onSuccess: () => {
      showSuccess('签到状态已更新');
      done();
    },
  });
  const remove = useMutation({
    mutationFn: (pid: string) => api.del(`/activities/${a.id}/participants/${pid}`),
    onSuccess: done,
  });

  const columns: TableColumnsType<Participant> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 100,
      render: (v: string, r) => <Link to={`/people/${r.personId}`}>{v}</Link>,
    },
    { title: '工号/学号', dataIndex: 'number', width: 110 },
    { title: '班级/部门', dataIndex: 'unitName', ellipsis: true },
    {
      title: '添加方式',
      key: 'via',
      width: 150,
      render: (_: unknown, r) =>
        r.source === 'walkIn' ? <Tag color="green">现场扫码加入</Tag> : (r.viaGroupName ?? '单独添加'),
    },
    {
      title: '签到',
      key: 'checkin',
      width: 200,
      render: (_: unknown, r) =>
        r.checkedInAt ? (
          <span>
            <Tag color="red">{r.checkinMethod === 'qr' ? '扫码' : '代签'}</Tag>
            {formatDateTime(r.checkedInAt)}
          </span>
        ) : (
          <Tag>未签到</Tag>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 70,
      render: (_: unknown, r) => (
        <Button size="small" type="link" danger onClick={() => remove.mutate(r.personId)}>
          移除
        </Button>
      ),
    },
  ];

  if (list.isError) return <ErrorState error={list.error} />;
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <div style={{ width: 220 }}>
          <PersonPicker value={personId} onChange={(v) => setPersonId(v)} placeholder="按姓名/工号添加个人" />
        </div>
        <Button
          disabled={!personId}
          loading={add.isPending}
          onClick={() => personId && add.mutate({ personIds: [personId] })}
        >
          添加个人
        </Button>
        <div style={{ width: 260 }}>
          <OrgTreeSelect
            value={groupId}
            onChange={(v) => setGroupId(v)}
            keep={groupKeep}
            selectable={groupSelectable}
            showKind
            placeholder="整班 / 整个支部添加"
          />
        </div>
        <Button
          disabled={!groupId}
          loading={add.isPending}
          onClick={() => groupId && add.mutate({ groupIds: [groupId] })}
        >
          添加集体
        </Button>
        <Button
          type="primary"
          disabled={!selected.length}
          loading={attend.isPending}
          onClick={() => attend.mutate(true)}
        >
          勾选人员签到（{selected.length}）
        </Button>
        <Button disabled={!selected.length} onClick={() => attend.mutate(false)}>
          取消签到
        </Button>
      </Flex>
      <Table
        rowKey="personId"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={{ pageSize: 50, showTotal: (n) => `共 ${n} 人` }}
      />
    </>
  );
}

function CheckinTab(props: { activity: ActivityDetail }) {
  const a = props.activity;
  const qc = useQueryClient();
  const current = useQuery({
    queryKey: ['activities', 'checkin-token', a.id],
    queryFn: ({ signal }) =>
      api.get<{ current: { token: string; url: string; expiresAt: string } | null }>(
        `/activities/${a.id}/checkin-token`,
        undefined,
        signal,
      ),
  });
  const issue = useMutation({
    mutationFn: () => api.post(`/activities/${a.id}/checkin-token`, {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities', 'checkin-token', a.id] }),
  });
  const revoke = useMutation({
    mutationFn: () => api.del(`/activities/${a.id}/checkin-token`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities', 'checkin-token', a.id] }),
  });
  const c = current.data?.current;
  return (
    <Flex vertical gap={12} align="start">
      <Typography.Text type="secondary">
        {a.isOpen
          ? '开放签到：组织单位范围内的人扫码即可签到（未在名单中的将自动加入）。'
          : '仅限名单：只有参加名单中的人可以扫码签到；其他人请由组织者在“参加人员”中勾选代签。'}
        签到需登录本系统；二维码默认在活动结束 2 小时后失效，重新生成后旧二维码立即失效。
      </Typography.Text>
      {c ? (
        <>
          <img
            src={`/api/activities/${a.id}/checkin-qr?format=svg&v=${encodeURIComponent(c.expiresAt)}`}
            alt="签到二维码"
            style={{ width: 280, height: 280, border: '1px solid #eee' }}
            data-testid="checkin-qr"
          />
          <Typography.Text copyable={{ text: c.url }}>签到链接</Typography.Text>
          <Typography.Text>有效期至 {formatDateTime(c.expiresAt)}</Typography.Text>
          <Space>
            <Button onClick={() => window.open(`/api/activities/${a.id}/checkin-qr?format=png`, '_blank')}>
              下载 PNG
            </Button>
            <Button loading={issue.isPending} onClick={() => issue.mutate()}>
              重新生成
            </Button>
            <Button danger loading={revoke.isPending} onClick={() => revoke.mutate()}>
              停用
            </Button>
          </Space>
        </>
      ) : (
        <Button
          type="primary"
          loading={issue.isPending}
          onClick={() => issue.mutate()}
          data-testid="checkin-issue"
        >
          生成签到二维码
        </Button>
      )}
    </Flex>
  );
}

function ResultsTab(props: { activity: ActivityDetail; onChange: () => void }) {
  const a = props.activity;
  const [form] = Form.useForm<{ award: string; personId?: string; orgNodeId?: string; note?: string }>();
  const [results, setResults] = useState(a.results ?? '');
  const [adding, setAdding] = useState(false);
  const saveResults = useMutation({
    mutationFn: () => api.patch(`/activities/${a.id}`, { results: results || null }),
    onSuccess: () => {
      showSuccess('活动成果已保存');
      props.onChange();
    },
  });
  const addAward = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { award: string; personId?: string; orgNodeId?: string; note?: string }) =>
      api.post(`/activities/${a.id}/awards`, {
        award: v.award,
        personId: v.personId || undefined,
        orgNodeId: v.orgNodeId || undefined,
        note: v.note || null,
      }),
    onSuccess: () => {
      setAdding(false);
      form.resetFields();
      props.onChange();
    },
    onError: showError,
  });
  const removeAward = useMutation({
    mutationFn: (awardId: string) => api.del(`/activities/${a.id}/awards/${awardId}`),
    onSuccess: props.onChange,
  });
  return (
    <Flex vertical gap={12}>
      <Input.TextArea
        rows={4}
        value={results}
        disabled={!a.canManage}
        onChange={(e) => setResults(e.target.value)}
        placeholder="活动成果（比赛结果、参与情况等）"
      />
      {a.canManage ? (
        <div>
          <Button loading={saveResults.isPending} onClick={() => saveResults.mutate()}>
            保存活动成果
          </Button>
        </div>
      ) : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={a.awards}
        locale={{ emptyText: <Empty description="暂无获奖记录" /> }}
        columns={[
          { title: '奖项', dataIndex: 'award', width: 140 },
          { title: '获奖者', dataIndex: 'recipient' },
          { title: '备注', dataIndex: 'note' },
          ...(a.canManage
            ? [
                {
                  title: '操作',
                  key: 'x',
                  width: 70,
                  render: (_: unknown, r: { id: string }) => (
                    <Button size="small" type="link" danger onClick={() => removeAward.mutate(r.id)}>
                      删除
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {a.canManage ? (
        <div>
          <Button onClick={() => setAdding(true)}>登记获奖</Button>
        </div>
      ) : null}
      <Modal
        open={adding}
        title="登记获奖"
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={addAward.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => addAward.mutate(v)}>
          <Form.Item
            name="award"
            label="奖项"
            rules={[{ required: true, message: '请输入奖项，如“一等奖”' }]}
          >
            <Input placeholder="一等奖" />
          </Form.Item>
          <Form.Item name="personId" label="获奖个人">
            <PersonPicker />
          </Form.Item>
          <Form.Item name="orgNodeId" label="或 获奖集体（班级、支部）">
            <OrgTreeSelect keep={awardKeep} selectable={awardSelectable} showKind />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

function PhotosTab(props: { activity: ActivityDetail; onChange: () => void }) {
  const a = props.activity;
  const [busy, setBusy] = useState(false);
  const remove = useMutation({
    mutationFn: (photoId: string) => api.del(`/activities/${a.id}/photos/${photoId}`),
    onSuccess: props.onChange,
  });
  return (
    <Flex vertical gap={12}>
      {a.canManage ? (
        <Upload
          accept="image/jpeg,image/png,image/webp"
          showUploadList={false}
          beforeUpload={async (file) => {
            setBusy(true);
            try {
              // Photos live in the portal's media library; the activity keeps their ids.
              const media = await upload<{ id: string }>('/portal/media?purpose=image', file);
              await api.post(`/activities/${a.id}/photos`, {
                mediaId: media.id,
                caption: file.name.replace(/\.[^.]+$/, ''),
              });
              props.onChange();
            } catch (e) {
              showError(e);
            } finally {
              setBusy(false);
            }
            return false;
          }}
        >
          <Button loading={busy}>上传照片</Button>
        </Upload>
      ) : null}
      {a.photos.length ? (
        <Image.PreviewGroup>
          <Flex gap={12} wrap>
            {a.photos.map((p) => (
              <Flex key={p.id} vertical align="center" gap={4}>
                <Image
                  src={p.url.replace(/\/large$/, '/thumb')}
                  preview={{ src: p.url }}
                  width={160}
                  alt={p.caption ?? ''}
                />
                <Typography.Text type="secondary" style={{ maxWidth: 160 }} ellipsis>
                  {p.caption}
                </Typography.Text>
                {a.canManage ? (
                  <Button size="small" type="link" danger onClick={() => remove.mutate(p.id)}>
                    移除
                  </Button>
                ) : null}
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : (
        <Empty description="暂无照片" />
      )}
    </Flex>
  );
}
