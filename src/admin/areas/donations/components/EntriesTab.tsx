import { useState } from 'react';
import { App, Button, Form, Input, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { CrudModal } from '../../../shared/components/CrudModal';
import { DataTable, useTableState } from '../../../shared/components/DataTable';
import { showSuccess } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import { donationKeys, donationsApi, type DriveView, type EntryView } from '../api';

const m = t.donations;

/** A student's own gift, not a reversal: the entries a guardian's consent applies to. */
const takesConsent = (r: EntryView) =>
  r.donorType === 'person' && r.personKind === 'student' && !r.isReversal;

/**
 * The drive's entries the actor may read, paged, with the search, the reversal of one, and the
 * guardian's consent to a student's full public name (recorded or withdrawn, audited).
 */
export function EntriesTab(props: { drive: DriveView; onChange: () => void }) {
  const d = props.drive;
  const { modal } = App.useApp();
  const table = useTableState(['q']);
  const [reversing, setReversing] = useState<EntryView | null>(null);
  const list = useQuery({
    queryKey: [...donationKeys.entries(d.id), table.params],
    queryFn: ({ signal }) => donationsApi.entries(d.id, table.params, signal),
    placeholderData: keepPreviousData,
  });
  const consent = useMutation({
    mutationFn: (v: { id: string; guardianConsent: boolean }) =>
      donationsApi.setGuardianConsent(v.id, v.guardianConsent),
    onSuccess: (r) => {
      showSuccess(r.guardianConsent ? m.entries.consentGiven : m.entries.consentWithdrawn);
      props.onChange();
    },
  });
  const confirmConsent = (r: EntryView) =>
    modal.confirm({
      title: r.guardianConsent ? m.entries.withdrawTitle(r.donorName) : m.entries.consentTitle(r.donorName),
      content: r.guardianConsent ? m.entries.withdrawContent : m.entries.consentContent,
      cancelText: t.common.cancel,
      onOk: () => consent.mutateAsync({ id: r.id, guardianConsent: !r.guardianConsent }),
    });
  const columns: TableColumnsType<EntryView> = [
    {
      title: m.entries.receiptNo,
      dataIndex: 'receiptNo',
      width: 130,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: m.entries.donor,
      dataIndex: 'donorName',
      render: (v: string, r) => (
        <Space size={4}>
          {v}
          {r.donorType === 'class' ? <Tag>{m.entries.collective}</Tag> : null}
          {r.isMember ? <Tag color="red">{m.entries.member}</Tag> : null}
          {r.anonymous ? <Tag>{m.entries.anonymous}</Tag> : null}
          {takesConsent(r) && !r.anonymous ? (
            r.guardianConsent ? (
              <Tag color="green">{m.entries.consent}</Tag>
            ) : (
              <Tag>{m.entries.masked}</Tag>
            )
          ) : null}
        </Space>
      ),
    },
    {
      title: m.entries.unit,
      key: 'unit',
      render: (_: unknown, r) => r.className ?? r.branchName ?? r.schoolName,
    },
    {
      title: m.entries.amount,
      dataIndex: 'amount',
      width: 110,
      align: 'right',
      render: (v: string, r) => <span style={{ color: r.amountFen < 0 ? '#cf1322' : undefined }}>{v}</span>,
    },
    { title: m.entries.method, dataIndex: 'methodLabel', width: 80 },
    { title: m.entries.givenOn, dataIndex: 'givenOn', width: 110 },
    {
      title: m.entries.note,
      key: 'note',
      render: (_: unknown, r) =>
        r.isReversal
          ? m.entries.reversalOf(r.reversesReceiptNo, r.reversalReason)
          : r.reversedBy
            ? m.entries.reversedBy(r.reversedBy.receiptNo)
            : r.note,
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 180,
      render: (_: unknown, r) => (
        <Space size={0}>
          {takesConsent(r) && d.canReverse ? (
            <Button size="small" type="link" onClick={() => confirmConsent(r)}>
              {r.guardianConsent ? m.entries.withdrawConsent : m.entries.giveConsent}
            </Button>
          ) : null}
          {!r.isReversal && !r.reversedBy && d.canReverse ? (
            <Button size="small" type="link" danger onClick={() => setReversing(r)}>
              {m.entries.reverse}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <>
      <DataTable<EntryView>
        rowKey="id"
        frame="plain"
        table={table}
        query={list}
        columns={columns}
        toolbar={
          <Space wrap>
            <Input.Search
              allowClear
              defaultValue={table.filters.q}
              placeholder={m.entries.searchPlaceholder}
              onSearch={(v) => table.set({ q: v.trim() })}
              style={{ width: 240 }}
            />
            <span>{m.entries.netInScope(list.data?.netTotal ?? '—')}</span>
            <span style={{ color: '#888' }}>{m.entries.immutableHint}</span>
          </Space>
        }
      />
      <ReverseModal entry={reversing} onClose={() => setReversing(null)} onSaved={props.onChange} />
    </>
  );
}

function ReverseModal(props: { entry: EntryView | null; onClose: () => void; onSaved: () => void }) {
  const e = props.entry;
  return (
    <CrudModal<{ reason: string }, EntryView>
      open={!!e}
      title={m.reverse.title}
      okText={m.reverse.ok}
      modalProps={{ okButtonProps: { danger: true } }}
      successText={false}
      onClose={props.onClose}
      onSaved={(r) => {
        showSuccess(m.reverse.done(r.receiptNo));
        props.onSaved();
      }}
      submit={(v) => donationsApi.reverseEntry(e!.id, v.reason)}
    >
      {e ? <p>{m.reverse.intro(e.amount, e.receiptNo, e.donorName)}</p> : null}
      <Form.Item
        name="reason"
        label={m.reverse.reason}
        rules={[{ required: true, min: 2, message: m.reverse.reasonRequired }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </CrudModal>
  );
}
