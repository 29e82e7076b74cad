import { AuditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { showProblem } from './problem';
import { QuickReasons } from './QuickReasons';

type Resource = paths['/api/export-requests']['post']['requestBody']['content']['application/json']['resource'];

/** What the server answered with 403 EXPORT_APPROVAL_REQUIRED, and the filters of the refused export. */
export interface ApprovalNeeded {
  resource: Resource;
  rowCount: number;
  threshold: number;
  query: Record<string, string | string[]>;
}

/** Purposes staff give most often; one click fills the box, which can still be edited. */
const quickReasons = ['callBack', 'feeNotice', 'handover', 'authority'] as const;

export const MY_EXPORTS_PATH = '/system/my-exports';

/**
 * 导出审批: an export of more personal data than the threshold allows is not sent; this dialog
 * says so and asks for the purpose, then files the request with the same filters.
 */
export function ExportApprovalModal({ needed, onClose }: { needed: ApprovalNeeded | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  const close = () => {
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    if (!needed) return;
    let reason: string;
    try {
      ({ reason } = await form.validateFields());
    } catch {
      return; // the form shows what is missing
    }
    setSaving(true);
    try {
      await unwrap(
        api.POST('/api/export-requests', {
          body: { resource: needed.resource, query: needed.query, reason: reason.trim() },
        }),
      );
      close();
      message.success({
        content: (
          <span>
            {t('exports:request.submitted')}
            <Button type="link" size="small" onClick={() => navigate(MY_EXPORTS_PATH)}>
              {t('exports:request.viewMine')}
            </Button>
          </span>
        ),
        duration: 6,
      });
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  const resourceName = needed ? t(`exports:resource.${needed.resource}`, { defaultValue: needed.resource }) : '';

  return (
    <Modal
      open={!!needed}
      title={
        <Space size={8}>
          <AuditOutlined style={{ color: '#fa8c16' }} />
          {t('exports:request.title')}
        </Space>
      }
      okText={t('exports:request.submit')}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={close}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      {needed && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('exports:request.alertTitle', { count: needed.rowCount, threshold: needed.threshold })}
            description={t('exports:request.alertText', { threshold: needed.threshold })}
          />
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'resource', label: t('exports:field.resource'), children: resourceName },
              {
                key: 'rows',
                label: t('exports:field.rowCount'),
                children: <Typography.Text strong>{t('exports:rows', { count: needed.rowCount })}</Typography.Text>,
              },
              {
                key: 'filters',
                label: t('exports:field.filters'),
                children:
                  Object.keys(needed.query).length > 0
                    ? t('exports:request.sameFilters')
                    : t('exports:request.noFilters'),
              },
            ]}
          />
          <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
            <Form.Item
              name="reason"
              label={t('exports:field.reason')}
              rules={[
                { required: true, whitespace: true, message: t('exports:request.reasonRequired') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (value && value.trim().length > 0 && value.trim().length < 5) {
                      throw new Error(t('exports:request.reasonTooShort'));
                    }
                  },
                },
              ]}
              extra={
                <QuickReasons
                  label={t('exports:request.quick')}
                  reasons={quickReasons.map((key) => t(`exports:request.reasons.${key}`))}
                  onPick={(reason) => form.setFieldsValue({ reason })}
                />
              }
            >
              <Input.TextArea
                autoFocus
                maxLength={200}
                showCount
                autoSize={{ minRows: 2, maxRows: 4 }}
                placeholder={t('exports:request.reasonPlaceholder')}
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
