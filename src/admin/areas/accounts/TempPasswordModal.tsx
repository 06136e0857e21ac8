import { Alert, Button, Modal, Typography } from 'antd';
import { t } from '../../locales';

/** Shows a temporary password exactly once, with a copy button; closing it forgets the password. */
export function TempPasswordModal(props: { username: string; password: string; onClose: () => void }) {
  return (
    <Modal
      open
      title={t.accounts.tempPasswordTitle}
      onCancel={props.onClose}
      mask={{ closable: false }}
      modalRender={(node) => <div data-testid="temp-password-modal">{node}</div>}
      footer={
        <Button type="primary" onClick={props.onClose} data-testid="temp-password-ack">
          {t.accounts.tempPasswordAck}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t.accounts.tempPasswordText(props.username)}
        style={{ marginBottom: 16 }}
      />
      <div style={{ textAlign: 'center', padding: '8px 0' }}>
        <Typography.Text
          copyable={{ text: props.password, tooltips: [t.common.copy, t.common.copied] }}
          code
          style={{ fontSize: 22, letterSpacing: 1 }}
          data-testid="temp-password"
        >
          {props.password}
        </Typography.Text>
      </div>
    </Modal>
  );
}
