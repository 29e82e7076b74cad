import { EyeInvisibleOutlined, EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showProblem } from '../../components/problem';
import { QuickReasons } from '../../components/QuickReasons';

/** Reasons agents give most often; one click fills the box, which can still be edited. */
export const quickReasons = [
  'verifyIdentity',
  'handover',
  'callBack',
  'customerRequest',
  'bankDebit',
  'emergencyContact',
] as const;
export type QuickReason = (typeof quickReasons)[number];
const defaultReasons: QuickReason[] = ['verifyIdentity', 'handover', 'callBack', 'customerRequest'];

/** One value to show in full: what it is, whose it is, and how to ask the server for it. */
export interface RevealRequest {
  /** 证件号码, 手机号, 银行账号 … as shown in the title. */
  fieldName: string;
  /** Whose value it is (a customer or a contact), as named in the audit notice. */
  subject: string;
  reasons?: QuickReason[];
  /** Asks the server with the reason given; resolves with the full value. */
  reveal: (reason: string) => Promise<string | null>;
  onRevealed: (value: string | null) => void;
}

/**
 * 查看完整: asks why, then shows one personal value in full. The server records who looked, when,
 * and the reason given.
 */
export function RevealModal({ request, onClose }: { request: RevealRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!request) return;
    let reason: string;
    try {
      ({ reason } = await form.validateFields());
    } catch {
      return; // the form shows what is missing
    }
    setSaving(true);
    try {
      const value = await request.reveal(reason.trim());
      request.onRevealed(value);
      form.resetFields();
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  const fieldName = request?.fieldName ?? '';

  return (
    <Modal
      open={!!request}
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
        description={t('customers:reveal.auditText', { name: request?.subject ?? '', field: fieldName })}
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
            <QuickReasons
              label={t('customers:reveal.quick')}
              reasons={(request?.reasons ?? defaultReasons).map((key) => t(`customers:reveal.reasons.${key}`))}
              onPick={(reason) => form.setFieldsValue({ reason })}
            />
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

const numeric = { fontVariantNumeric: 'tabular-nums' } as const;

/** One personal value: masked, or in full after 查看完整 until hidden again. */
export function Revealable({
  masked,
  revealed,
  canReveal,
  onReveal,
  onHide,
  testId,
}: {
  masked: string | null;
  revealed: string | null | undefined;
  canReveal: boolean;
  onReveal: () => void;
  onHide: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  if (!masked) return <Typography.Text type="secondary">-</Typography.Text>;
  if (revealed !== undefined) {
    return (
      <Space size={8} wrap>
        <Typography.Text copyable={revealed ? { text: revealed } : false} strong style={numeric} data-testid={testId}>
          {revealed ?? masked}
        </Typography.Text>
        <Tag color="orange" bordered={false} style={{ marginInlineEnd: 0 }}>
          {t('customers:reveal.shown')}
        </Tag>
        <Typography.Link onClick={onHide} style={{ fontSize: 13 }}>
          <EyeInvisibleOutlined /> {t('customers:reveal.hide')}
        </Typography.Link>
      </Space>
    );
  }
  return (
    <Space size={12} wrap>
      <span style={numeric} data-testid={testId}>
        {masked}
      </span>
      {canReveal && (
        <Typography.Link onClick={onReveal} style={{ fontSize: 13 }} data-testid={`${testId}-reveal`}>
          <EyeOutlined /> {t('customers:reveal.button')}
        </Typography.Link>
      )}
    </Space>
  );
}
