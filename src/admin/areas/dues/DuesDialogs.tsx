import { Button, DatePicker, Drawer, Form, Input, Modal, Select, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CrudModal } from '../../shared/components/CrudModal';
import { DataTable } from '../../shared/components/DataTable';
import { showError } from '../../shared/lib/feedback';
import { t } from '../../locales';
import {
  PAYMENT_METHODS,
  duesApi,
  duesKeys,
  yuan,
  type DuesMonthRow,
  type LedgerEntry,
  type PaymentMethod,
} from './api';

const tx = t.dues;
const METHOD_OPTIONS = PAYMENT_METHODS.map((m) => ({ value: m, label: tx.methods[m] }));

interface PayValues {
  amount?: string;
  paidOn: { format(f: string): string };
  method: PaymentMethod;
  receiptNo?: string;
}

/** Records a payment of one member-month (the amount defaults to what is still owed). */
export function PayModal(props: { row: DuesMonthRow | null; onClose: () => void }) {
  const r = props.row;
  return (
    <CrudModal<PayValues>
      open={r !== null}
      title={r ? tx.payModal.title(r.name, r.month, yuan(r.outstandingFen)) : ''}
      initialValues={{ method: 'cash' }}
      okText={t.common.ok}
      successText={tx.payModal.done}
      invalidate={[duesKeys.all]}
      onClose={props.onClose}
      submit={(v) =>
        duesApi.pay({
          personId: r!.personId,
          months: [r!.month],
          amount: v.amount?.trim() ? v.amount.trim() : undefined,
          paidOn: v.paidOn.format('YYYY-MM-DD'),
          method: v.method,
          receiptNo: v.receiptNo || null,
        })
      }
    >
      <Form.Item
        name="amount"
        label={tx.payModal.amount}
        rules={[{ pattern: /^\d+(\.\d{1,2})?$/, message: tx.payModal.amountInvalid }]}
      >
        <Input placeholder={r ? yuan(r.outstandingFen) : ''} inputMode="decimal" />
      </Form.Item>
      <Form.Item
        name="paidOn"
        label={tx.payModal.paidOn}
        rules={[{ required: true, message: tx.payModal.paidOnRequired }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="method" label={tx.payModal.method}>
        <Select options={METHOD_OPTIONS} />
      </Form.Item>
      <Form.Item name="receiptNo" label={tx.payModal.receiptNo}>
        <Input maxLength={50} />
      </Form.Item>
    </CrudModal>
  );
}

/** One member's ledger for a year, with reversal of a payment (the original entry stays). */
export function LedgerDrawer(props: { personId: string | null; year: number; onClose: () => void }) {
  const qc = useQueryClient();
  const { personId, year } = props;
  const data = useQuery({
    queryKey: duesKeys.member(personId, year),
    enabled: personId !== null,
    queryFn: ({ signal }) => duesApi.member(personId!, year, signal),
  });
  const ledger = useQuery({
    queryKey: duesKeys.member(personId, year),
    enabled: personId !== null,
    queryFn: ({ signal }) => duesApi.member(personId!, year, signal),
    select: (d) => ({ items: d.ledger }),
  });
  const reverse = useMutation({
    mutationFn: (v: { id: string; reason: string }) => duesApi.reverse(v.id, v.reason),
    onSuccess: () => void qc.invalidateQueries({ queryKey: duesKeys.all }),
    onError: showError,
  });
  return (
    <Drawer
      open={personId !== null}
      onClose={props.onClose}
      size={640}
      title={data.data ? tx.ledger.title(data.data.name) : tx.ledger.titleLoading}
    >
      <p style={{ color: '#666' }}>{data.data?.explanation}</p>
      <DataTable<LedgerEntry>
        rowKey="id"
        frame="plain"
        query={ledger}
        columns={[
          { title: tx.columns.month, dataIndex: 'month', width: 80 },
          {
            title: tx.columns.amount,
            dataIndex: 'amountFen',
            width: 80,
            align: 'right',
            render: (v) => yuan(v),
          },
          { title: tx.columns.date, dataIndex: 'paidOn', width: 100 },
          { title: tx.columns.method, dataIndex: 'methodLabel', width: 80 },
          {
            title: tx.columns.note,
            key: 'n',
            render: (_: unknown, e: LedgerEntry) =>
              e.kind === 'reversal' ? (
                <Tag color="red">{tx.ledger.reversal(e.note)}</Tag>
              ) : e.reversedById ? (
                <Tag>{tx.ledger.reversed}</Tag>
              ) : (
                e.note
              ),
          },
          {
            title: '',
            key: 'r',
            width: 70,
            render: (_: unknown, e: LedgerEntry) =>
              e.kind === 'payment' && !e.reversedById ? (
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    let reason = '';
                    Modal.confirm({
                      title: tx.ledger.reverseConfirm,
                      content: (
                        <Input
                          placeholder={tx.ledger.reverseReason}
                          onChange={(ev) => (reason = ev.target.value)}
                        />
                      ),
                      onOk: () =>
                        reverse.mutateAsync({ id: e.id, reason: reason.trim() || tx.ledger.defaultReason }),
                    });
                  }}
                >
                  {tx.ledger.reverse}
                </Button>
              ) : null,
          },
        ]}
      />
    </Drawer>
  );
}
