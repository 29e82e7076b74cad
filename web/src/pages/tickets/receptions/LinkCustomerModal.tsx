import { App, Button, Descriptions, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { showProblem } from '../../../components/problem';
import { CallerSearch } from '../reception/CallerSearch';
import type { CallerRow } from '../reception/caller';
import type { Reception } from '../types';

/**
 * 关联客户: an unknown caller's reception linked to the customer (and room) found later, with the
 * same search as the reception screen.
 */
export function LinkCustomerModal({
  reception,
  onClose,
  onSaved,
}: {
  reception: Omit<Reception, 'tickets'> | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [picked, setPicked] = useState<CallerRow | null>(null);
  const [saving, setSaving] = useState(false);

  const close = () => {
    setPicked(null);
    onClose();
  };

  const save = async () => {
    if (!reception || !picked) return;
    setSaving(true);
    try {
      await unwrap(
        api.PATCH('/api/receptions/{id}', {
          params: { path: { id: reception.id } },
          body: { customerId: picked.customer.id, roomId: picked.room?.roomId ?? null },
        }),
      );
      message.success(t('tickets:receptions.linked'));
      setPicked(null);
      onSaved();
    } catch (e) {
      showProblem(message, e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!reception}
      title={t('tickets:receptions.linkTitle')}
      onCancel={close}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={close}>
          {t('common:cancel')}
        </Button>,
        <Button key="ok" type="primary" disabled={!picked} loading={saving} onClick={() => void save()}>
          {t('tickets:receptions.linkSave')}
        </Button>,
      ]}
    >
      {reception && (
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('tickets:receptions.no')}>{reception.publicNo}</Descriptions.Item>
          <Descriptions.Item label={t('tickets:field.caller')}>
            {[reception.callerName, reception.callerPhone].filter(Boolean).join(' ') || '-'}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets:field.content')}>
            <Typography.Text ellipsis style={{ maxWidth: 360 }}>
              {reception.content}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
      {picked ? (
        <Space size={8} wrap>
          <Typography.Text strong>{picked.customer.name}</Typography.Text>
          {picked.room && (
            <Tag color="blue" bordered={false}>
              {picked.room.projectName} {picked.room.roomCode}
            </Tag>
          )}
          <Typography.Link onClick={() => setPicked(null)}>{t('tickets:reception.changeCaller')}</Typography.Link>
        </Space>
      ) : (
        <CallerSearch autoFocus onPick={setPicked} />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
        {t('tickets:receptions.linkHint')}
      </Typography.Paragraph>
    </Modal>
  );
}
