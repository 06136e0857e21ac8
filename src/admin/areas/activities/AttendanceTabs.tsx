import { useState } from 'react';
import { Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { PersonPicker } from '../../shared/components/PersonPicker';
import { ErrorState } from '../../shared/components/States';
import { showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { activitiesApi, activityKeys, type ActivityDetail, type Participant } from './api';

/** The activity page's attendance tabs: the participant list with ticking, and the QR sign-in code. */

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

export function ParticipantsTab(props: { activity: ActivityDetail; onChange: () => void }) {
  const tx = t.activities.participants;
  const a = props.activity;
  const [selected, setSelected] = useState<string[]>([]);
  const [personId, setPersonId] = useState<string | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: activityKeys.participants(a.id),
    queryFn: ({ signal }) => activitiesApi.participants(a.id, signal),
  });
  const done = () => {
    setSelected([]);
    props.onChange();
  };
  const add = useMutation({
    mutationFn: (body: { personIds?: string[]; groupIds?: string[] }) =>
      activitiesApi.addParticipants(a.id, body),
    onSuccess: (r) => {
      showSuccess(tx.added(r.added, r.skipped));
      setPersonId(null);
      setGroupId(null);
      done();
    },
  });
  const attend = useMutation({
    mutationFn: (present: boolean) => activitiesApi.attendance(a.id, { personIds: selected, present }),
    onSuccess: () => {
      showSuccess(tx.attendanceSaved);
      done();
    },
  });
  const remove = useMutation({
    mutationFn: (pid: string) => activitiesApi.removeParticipant(a.id, pid),
    onSuccess: done,
  });

  const columns: TableColumnsType<Participant> = [
    {
      title: tx.name,
      dataIndex: 'name',
      width: 100,
      render: (v: string, r) => <Link to={`/people/${r.personId}`}>{v}</Link>,
    },
    { title: tx.number, dataIndex: 'number', width: 110 },
    { title: tx.unit, dataIndex: 'unitName', ellipsis: true },
    {
      title: tx.via,
      key: 'via',
      width: 150,
      render: (_: unknown, r) =>
        r.source === 'walkIn' ? <Tag color="green">{tx.walkIn}</Tag> : (r.viaGroupName ?? tx.single),
    },
    {
      title: tx.checkin,
      key: 'checkin',
      width: 200,
      render: (_: unknown, r) =>
        r.checkedInAt ? (
          <span>
            <Tag color="red">{r.checkinMethod === 'qr' ? tx.byQr : tx.byOrganiser}</Tag>
            {formatDateTime(r.checkedInAt)}
          </span>
        ) : (
          <Tag>{tx.notCheckedIn}</Tag>
        ),
    },
    {
      title: tx.actions,
      key: 'actions',
      width: 70,
      render: (_: unknown, r) => (
        <Button size="small" type="link" danger onClick={() => remove.mutate(r.personId)}>
          {tx.remove}
        </Button>
      ),
    },
  ];

  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <div style={{ width: 220 }}>
          <PersonPicker
            value={personId}
            onChange={(v) => setPersonId(v)}
            placeholder={tx.personPlaceholder}
          />
        </div>
        <Button
          disabled={!personId}
          loading={add.isPending}
          onClick={() => personId && add.mutate({ personIds: [personId] })}
        >
          {tx.addPerson}
        </Button>
        <div style={{ width: 260 }}>
          <OrgTreeSelect
            value={groupId}
            onChange={(v) => setGroupId(v)}
            keep={groupKeep}
            selectable={groupSelectable}
            showKind
            placeholder={tx.groupPlaceholder}
          />
        </div>
        <Button
          disabled={!groupId}
          loading={add.isPending}
          onClick={() => groupId && add.mutate({ groupIds: [groupId] })}
        >
          {tx.addGroup}
        </Button>
        <Button
          type="primary"
          disabled={!selected.length}
          loading={attend.isPending}
          onClick={() => attend.mutate(true)}
        >
          {tx.markPresent(selected.length)}
        </Button>
        <Button disabled={!selected.length} onClick={() => attend.mutate(false)}>
          {tx.markAbsent}
        </Button>
      </Flex>
      <Table
        rowKey="personId"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={{ pageSize: 50, showTotal: (n) => t.activities.totalPeople(n) }}
      />
    </>
  );
}

export function CheckinTab(props: { activity: ActivityDetail }) {
  const tx = t.activities.checkin;
  const a = props.activity;
  const qc = useQueryClient();
  const current = useQuery({
    queryKey: activityKeys.checkinToken(a.id),
    queryFn: ({ signal }) => activitiesApi.checkinToken(a.id, signal),
  });
  const reload = () => void qc.invalidateQueries({ queryKey: activityKeys.checkinToken(a.id) });
  const issue = useMutation({ mutationFn: () => activitiesApi.issueCheckinToken(a.id), onSuccess: reload });
  const revoke = useMutation({ mutationFn: () => activitiesApi.revokeCheckinToken(a.id), onSuccess: reload });
  const c = current.data?.current;
  return (
    <Flex vertical gap={12} align="start">
      <Typography.Text type="secondary">
        {a.isOpen ? tx.openHint : tx.listHint}
        {tx.rulesHint}
      </Typography.Text>
      {c ? (
        <>
          <img
            src={activitiesApi.checkinQrUrl(a.id, 'svg', c.expiresAt)}
            alt={tx.qrAlt}
            style={{ width: 280, height: 280, border: '1px solid #eee' }}
            data-testid="checkin-qr"
          />
          <Typography.Text copyable={{ text: c.url }}>{tx.link}</Typography.Text>
          <Typography.Text>{tx.validUntil(formatDateTime(c.expiresAt))}</Typography.Text>
          <Space>
            <Button onClick={() => window.open(activitiesApi.checkinQrUrl(a.id, 'png'), '_blank')}>
              {tx.downloadPng}
            </Button>
            <Button loading={issue.isPending} onClick={() => issue.mutate()}>
              {tx.reissue}
            </Button>
            <Button danger loading={revoke.isPending} onClick={() => revoke.mutate()}>
              {tx.revoke}
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
          {tx.issue}
        </Button>
      )}
    </Flex>
  );
}
