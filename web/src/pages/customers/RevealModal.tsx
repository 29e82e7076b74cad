import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';

export type RevealField = 'idNumber' | 'mobile';

/** Reasons agents give most often; one click fills the box, which can still be edited. */
const quickReasons = ['verifyIdentity', 'handover', 'callBack', 'customerRequest'] as const;

/**
 * 查看完整: asks why, then shows one personal field in full. The server records who looked, when,
 * and the reason given.
 */
export function RevealModal({
  customerId,
  customerName,
  field,
  onClose,
  onRevealed,
}: {
  customerId: string;
  customerName: string;
  /** The field to reveal; null keeps the dialog closed. */
  field: RevealField | null;
  onClose: () => void;
  onRevealed: (field: RevealField, value: string | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!field) return;
    let reason: string;
    try {
      ({ reason } = await form.validateFields());
    } catch {
      return; // the form shows what is missing
    }
    setSaving(true);
    try {
      const result = await unwrap(
        api.POST('/api/customers/{id}/reveal', {
          params: { path: { id: customerId } },
          body: { field, reason: reason.trim() },
        }),
      );
      onRevealed(field, result.value);
      form.resetFields();
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  const fieldName = field ? t(`customers:reveal.field.${field}`) : '';

  return (
    <Modal
      open={!!field}
      title={
        <Space size={8}>
          <SafetyCertificateOutlined style={{ color: '#fa8c16' }} />
          {t('customers:reveal.title', { field: fieldName })}
        </Space>
      }
      okText={t('customers:reveal.submit')}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
      maskClosable={false}
      width={520}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('customers:reveal.auditTitle')}
        description={t('customers:reveal.auditText', { name: customerName, field: fieldName })}
      />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('customers:reveal.reason')}
          rules={[
            { required: true, whitespace: true, message: t('customers:reveal.reasonRequired') },
            { min: 2, message: t('customers:reveal.reasonTooShort') },
          ]}
          extra={
            <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('customers:reveal.quick')}
              </Typography.Text>
              {quickReasons.map((key) => (
                <Tag
                  key={key}
                  style={{ cursor: 'pointer', marginInlineEnd: 0 }}
                  onClick={() => form.setFieldsValue({ reason: t(`customers:reveal.reasons.${key}`) })}
                >
                  {t(`customers:reveal.reasons.${key}`)}
                </Tag>
              ))}
            </Space>
          }
        >
          <Input.TextArea
            autoFocus
            maxLength={200}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('customers:reveal.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
