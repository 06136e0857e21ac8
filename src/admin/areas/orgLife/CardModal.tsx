import { Button, Modal, Space } from 'antd';
import { showError } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { orgLifeApi, type RosterEntry } from './api';

const cd = t.orgLife.card;

/** A member's political-birthday card: the preview and its PNG / PDF downloads. */
export function CardModal(props: { entry: RosterEntry | null; year: number; onClose: () => void }) {
  const e = props.entry;
  const src = e ? orgLifeApi.cardUrl(e.personId, props.year) : '';
  return (
    <Modal
      open={e !== null}
      onCancel={props.onClose}
      width={680}
      title={e ? cd.title(e.name) : ''}
      footer={
        e ? (
          <Space>
            <Button
              onClick={() => void orgLifeApi.downloadCard(e.personId, props.year, 'png').catch(showError)}
            >
              {cd.downloadPng}
            </Button>
            <Button
              type="primary"
              onClick={() => void orgLifeApi.downloadCard(e.personId, props.year, 'pdf').catch(showError)}
            >
              {cd.downloadPdf}
            </Button>
          </Space>
        ) : null
      }
    >
      {e ? <img src={src} alt={cd.alt} style={{ width: '100%' }} data-testid="card-preview" /> : null}
    </Modal>
  );
}
