import { useMemo } from 'react';
import { Alert, Form, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ORG_KIND_LABELS, isOrgKind } from '../../../common/orgTree';
import { api } from '../../shared/api/client';
import type { AccountItem, AccountRole } from '../../shared/api/types';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import type { TreeNode } from '../../shared/lib/orgTree';
import { rules } from '../../shared/lib/validators';
import { t } from '../../locales';
import { useRoles } from './roles';

const kindLabel = (k: string) => (isOrgKind(k) ? ORG_KIND_LABELS[k] : k);

/** Grant a role over a scope node; the node picker offers only the kinds the role may be held over. */
export function GrantRoleModal(props: { account: AccountItem; onClose: () => void }) {
  const [form] = Form.useForm<{ role: string; scopeNodeId: string }>();
  const roles = useRoles();
  const qc = useQueryClient();
  const role = Form.useWatch('role', form);
  const scopeKinds = useMemo(
    () => roles.data?.items.find((r) => r.role === role)?.scopeKinds ?? [],
    [roles.data, role],
  );
  const selectable = useMemo(() => (n: TreeNode) => !n.disabled && scopeKinds.includes(n.kind), [scopeKinds]);

  const grant = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { role: string; scopeNodeId: string }) =>
      api.post<AccountRole>(`/accounts/${props.account.id}/roles`, v),
    onSuccess: async () => {
      showSuccess(t.accounts.granted);
      await qc.invalidateQueries({ queryKey: ['accounts'] });
      props.onClose();
    },
    onError: (e) => {
      applyFieldErrors(form, e);
      showError(e);
    },
  });

  return (
    <Modal
      open
      title={t.accounts.grantTitle(props.account.displayName || props.account.username)}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={grant.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="grant-role-modal">{node}</div>}
    >
      <Form form={form} layout="vertical" onFinish={(v) => grant.mutate(v)} data-testid="grant-role-form">
        <Form.Item name="role" label={t.accounts.role} rules={[rules.select(t.accounts.role)]}>
          <Select
            loading={roles.isLoading}
            options={(roles.data?.items ?? []).map((r) => ({ value: r.role, label: r.label }))}
            onChange={() => form.setFieldValue('scopeNodeId', undefined)}
            data-testid="grant-role-select"
          />
        </Form.Item>
        {role ? (
          <>
            <Alert
              type="info"
              showIcon
              title={t.accounts.scopeHint(scopeKinds.map(kindLabel).join('、'))}
              style={{ marginBottom: 12 }}
            />
            <Form.Item name="scopeNodeId" label={t.accounts.scope} rules={[rules.select(t.accounts.scope)]}>
              <OrgTreeSelect
                selectable={selectable}
                showKind
                placeholder={t.accounts.scope}
                testId="grant-scope-select"
              />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
