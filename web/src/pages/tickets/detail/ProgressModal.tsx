import { PlusOutlined } from '@ant-design/icons';
import { App, Form, Input, Switch, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postForm } from '../../../api/client';
import { errorText } from '../../../components/problem';
import type { Attachment } from '../types';
import { ActionModal } from './ActionModal';

interface Values {
  body: string;
  customerVisible: boolean;
}

const MAX_FILES = 9;

/**
 * 更新进度: what was done, whether the customer may see it, and up to nine photos or videos —
 * each uploaded as soon as it is picked, then named by id in the update.
 */
export function ProgressModal({
  ticketId,
  open,
  onCancel,
  onSubmit,
}: {
  ticketId: string;
  open: boolean;
  onCancel: () => void;
  onSubmit: (body: { body: string; visibility: 'internal' | 'customer'; attachmentIds: string[] }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<Attachment>[]>([]);

  const close = () => {
    setFiles([]);
    onCancel();
  };

  return (
    <ActionModal<Values>
      open={open}
      title={t('tickets:action.progress')}
      width={640}
      onCancel={close}
      initialValues={{ customerVisible: true }}
      onSubmit={async (values) => {
        if (files.some((f) => f.status === 'uploading')) {
          message.warning(t('tickets:progress.stillUploading'));
          throw new Error('uploading');
        }
        const attachmentIds = files
          .filter((f) => f.status === 'done' && f.response)
          .map((f) => (f.response as Attachment).id);
        await onSubmit({
          body: values.body.trim(),
          visibility: values.customerVisible ? 'customer' : 'internal',
          attachmentIds,
        });
        setFiles([]);
      }}
    >
      <Form.Item
        name="body"
        label={t('tickets:progress.body')}
        rules={[{ required: true, whitespace: true, message: t('tickets:validation.progress') }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount autoFocus />
      </Form.Item>
      <Form.Item
        name="customerVisible"
        label={t('tickets:progress.customerVisible')}
        valuePropName="checked"
        extra={t('tickets:progress.customerVisibleHint')}
      >
        <Switch />
      </Form.Item>
      <Form.Item label={t('tickets:progress.files', { max: MAX_FILES })} extra={t('tickets:progress.filesHint')}>
        <Upload<Attachment>
          listType="picture-card"
          accept="image/jpeg,image/png,image/webp,image/heic,video/mp4,video/quicktime"
          multiple
          maxCount={MAX_FILES}
          fileList={files}
          onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
          customRequest={async ({ file, onSuccess, onError }) => {
            const form = new FormData();
            form.append('file', file as Blob);
            try {
              const saved = await postForm<Attachment>(`/api/tickets/${ticketId}/attachments`, form);
              onSuccess?.(saved);
            } catch (e) {
              message.error(errorText(e));
              onError?.(e as Error);
            }
          }}
          data-testid="progress-upload"
        >
          {files.length >= MAX_FILES ? null : (
            <div>
              <PlusOutlined />
              <div style={{ marginTop: 4 }}>{t('tickets:progress.add')}</div>
            </div>
          )}
        </Upload>
      </Form.Item>
    </ActionModal>
  );
}
