import { useState } from 'react';
import { Form, Input, Modal, Segmented } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PersonPicker } from '../../shared/components/PersonPicker';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { rules } from '../../shared/lib/validators';
import { t } from '../../locales';
import { accountKeys, accountsApi, type CreateAccountBody, type CreatedAccount } from './api';
import { TempPasswordModal } from './TempPasswordModal';

interface AccountValues {
  personId?: string | null;
  username?: string;
  displayName?: string;
  password?: string;
}

/**
 * Create an account, for a person (username defaults to their 工号/学号) or standalone. When no
 * password is given the server generates a temporary one, shown here once.
 */
export function CreateAccountModal(props: {
  person?: { id: string; name: string; number: string };
  onClose: () => void;
  onCreated?: (r: CreatedAccount) => void;
}) {
  const [form] = Form.useForm<AccountValues>();
  const [mode, setMode] = useState<'person' | 'standalone'>('person');
  const [created, setCreated] = useState<CreatedAccount | null>(null);
  const qc = useQueryClient();
  const forPerson = Boolean(props.person) || mode === 'person';

  const create = useMutation({
    meta: { quiet: true },
    mutationFn: (v: AccountValues) => {
      const body: CreateAccountBody = {};
      const personId = props.person?.id ?? (forPerson ? v.personId : null);
      if (personId) body.personId = personId;
      if (v.username?.trim()) body.username = v.username.trim();
      if (v.displayName?.trim()) body.displayName = v.displayName.trim();
      if (v.password) body.password = v.password;
      return accountsApi.create(body);
    },
    onSuccess: async (r) => {
      showSuccess(t.accounts.created);
      await qc.invalidateQueries({ queryKey: accountKeys.all });
      props.onCreated?.(r);
      if (r.temporaryPassword) setCreated(r);
      else props.onClose();
    },
    onError: (e) => {
      applyFieldErrors(form, e);
      showError(e);
    },
  });

  if (created?.temporaryPassword) {
    return (
      <TempPasswordModal
        username={created.account.username}
        password={created.temporaryPassword}
        onClose={props.onClose}
      />
    );
  }

  return (
    <Modal
      open
      title={props.person ? `${t.accounts.createTitle}：${props.person.name}` : t.accounts.createTitle}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t.common.create}
      confirmLoading={create.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="account-create-modal">{node}</div>}
    >
      {!props.person ? (
        <Segmented
          block
          value={mode}
          onChange={(v) => setMode(v as 'person' | 'standalone')}
          options={[
            { value: 'person', label: t.accounts.forPerson },
            { value: 'standalone', label: t.accounts.standalone },
          ]}
          style={{ marginBottom: 16 }}
          data-testid="account-create-mode"
        />
      ) : null}
      <Form<AccountValues>
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        data-testid="account-create-form"
      >
        {forPerson && !props.person ? (
          <Form.Item
            name="personId"
            label={t.accounts.pickPerson}
            rules={[rules.select(t.accounts.pickPerson)]}
          >
            <PersonPicker placeholder={t.accounts.pickPersonPlaceholder} testId="account-person-picker" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="username"
          label={t.accounts.username}
          extra={forPerson ? t.accounts.usernameExtraPerson : t.accounts.usernameRule}
          rules={[
            ...(forPerson ? [] : [rules.required(t.accounts.username)]),
            { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t.accounts.usernameRule },
          ]}
        >
          <Input autoComplete="off" data-testid="account-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t.accounts.displayName}
          extra={forPerson ? t.accounts.displayNameExtraPerson : undefined}
          rules={[...(forPerson ? [] : [rules.required(t.accounts.displayName)]), rules.max(50)]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t.setup.password}
          extra={t.accounts.passwordExtra}
          rules={[rules.password()]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
