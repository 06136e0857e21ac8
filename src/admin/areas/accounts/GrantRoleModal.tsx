import { useMemo } from 'react';
import { Alert, Form, Select } from 'antd';
import { ORG_KIND_LABELS, isOrgKind } from '../../../common/orgTree';
import { CrudModal } from '../../shared/components/CrudModal';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import type { TreeNode } from '../../shared/lib/orgTree';
import { rules } from '../../shared/lib/validators';
import { t } from '../../locales';
import { accountKeys, accountsApi, type Account, type GrantBody } from './api';
import { useRoles } from './roles';

const kindLabel = (k: string) => (isOrgKind(k) ? ORG_KIND_LABELS[k] : k);

/** Grant a role over a scope node; the node picker offers only the kinds the role may be held over. */
export function GrantRoleModal(props: { account: Account; onClose: () => void }) {
  const [form] = Form.useForm<GrantBody>();
  const roles = useRoles();
  const role = Form.useWatch('role', form);
  const scopeKinds = useMemo(
    () => roles.data?.items.find((r) => r.role === role)?.scopeKinds ?? [],
    [roles.data, role],
  );
  const selectable = useMemo(() => (n: TreeNode) => !n.disabled && scopeKinds.includes(n.kind), [scopeKinds]);

  return (
    <CrudModal<GrantBody>
      open
      form={form}
      title={t.accounts.grantTitle(props.account.displayName || props.account.username)}
      okText={t.common.ok}
      submit={(v) => accountsApi.grant(props.account.id, v)}
      invalidate={[accountKeys.all]}
      successText={t.accounts.granted}
      onClose={props.onClose}
      testId="grant-role-modal"
      formTestId="grant-role-form"
    >
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
    </CrudModal>
  );
}
