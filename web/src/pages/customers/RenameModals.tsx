import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, App, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { showProblem } from '../../components/problem';
import { QuickReasons } from '../../components/QuickReasons';

export type RenameRequest =
  paths['/api/rename-requests']['get']['responses'][200]['content']['application/json']['data'][number];
export type RenameStatus = RenameRequest['status'];

export const renameStatusColors: Record<RenameStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function RenameStatusTag({ status }: { status: RenameStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={renameStatusColors[status]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`customers:rename.status.${status}`)}
    </Tag>
  );
}

/** 原名 → 新名, the change a request asks for. */
export function NameChange({ from, to }: { from: string; to: string }) {
  return (
    <Space size={8} wrap>
      <Typography.Text delete type="secondary">
        {from}
      </Typography.Text>
      <ArrowRightOutlined style={{ color: 'rgba(0,0,0,0.35)', fontSize: 12 }} />
      <Typography.Text strong>{to}</Typography.Text>
    </Space>
  );
}

const quickReasons = ['idCard', 'typo', 'business'] as const;

/** 申请更名: the new name, why, and what proves it; someone else approves it. */
export function RenameRequestModal({
  customer,
  open,
  onClose,
  onDone,
}: {
  customer: { id: string; name: string; kind: 'person' | 'organisation' };
  open: boolean;
  onClose: () => void;
  onDone: (request: RenameRequest) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newName: string; reason: string; evidence?: string }>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    let values: { newName: string; reason: string; evidence?: string };
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setSaving(true);
    try {
      const created = await unwrap(
        api.POST('/api/customers/{id}/rename-requests', {
          params: { path: { id: customer.id } },
          body: {
            newName: values.newName.trim(),
            reason: values.reason.trim(),
            evidence: values.evidence?.trim() || null,
          },
        }),
      );
      message.success(t('customers:rename.requested'));
      form.resetFields();
      onDone(created);
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('customers:rename.requestTitle', { name: customer.name })}
      okText={t('customers:rename.submit')}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
      maskClosable={false}
      width={560}
      data-testid="rename-request-modal"
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('customers:rename.requestHint')} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label={t('customers:rename.currentName')}>
          <Typography.Text strong>{customer.name}</Typography.Text>
        </Form.Item>
        <Form.Item
          name="newName"
          label={t('customers:rename.newName')}
          rules={[
            { required: true, whitespace: true, message: t('customers:rename.newNameRequired') },
            { max: 60, message: t('customers:rename.tooLong', { max: 60 }) },
            {
              validator: (_: unknown, value: string | undefined) =>
                value && value.trim() === customer.name
                  ? Promise.reject(new Error(t('customers:rename.sameName')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input
            autoFocus
            maxLength={60}
            autoComplete="off"
            placeholder={
              customer.kind === 'organisation'
                ? t('customers:rename.orgNamePlaceholder')
                : t('customers:rename.personNamePlaceholder')
            }
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('customers:rename.reason')}
          rules={[
            { required: true, whitespace: true, message: t('customers:rename.reasonRequired') },
            { min: 2, message: t('customers:rename.reasonTooShort') },
          ]}
          extra={
            <QuickReasons
              label={t('customers:rename.quick')}
              reasons={quickReasons.map((key) => t(`customers:rename.reasons.${key}`))}
              onPick={(reason) => form.setFieldsValue({ reason })}
            />
          }
        >
          <Input.TextArea
            maxLength={200}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('customers:rename.reasonPlaceholder')}
          />
        </Form.Item>
        <Form.Item name="evidence" label={t('customers:rename.evidence')}>
          <Input maxLength={200} autoComplete="off" placeholder={t('customers:rename.evidencePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 审批通过 or 驳回: shows the request in full; a rejection needs a reason. */
export function RenameDecisionModal({
  request,
  decision,
  onClose,
  onDone,
}: {
  request: RenameRequest | null;
  decision: 'approve' | 'reject';
  onClose: () => void;
  onDone: (request: RenameRequest) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [saving, setSaving] = useState(false);
  const approving = decision === 'approve';

  const submit = async () => {
    if (!request) return;
    let note: string | undefined;
    try {
      ({ note } = await form.validateFields());
    } catch {
      return;
    }
    setSaving(true);
    try {
      const params = { path: { id: request.id } };
      const done = approving
        ? await unwrap(api.POST('/api/rename-requests/{id}/approve', { params, body: { note: note?.trim() || null } }))
        : await unwrap(api.POST('/api/rename-requests/{id}/reject', { params, body: { note: (note ?? '').trim() } }));
      message.success(
        approving
          ? t('customers:rename.approved', { name: done.newName })
          : t('customers:rename.rejected', { name: done.oldName }),
      );
      form.resetFields();
      onDone(done);
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!request}
      title={approving ? t('customers:rename.approveTitle') : t('customers:rename.rejectTitle')}
      okText={approving ? t('customers:rename.approveOk') : t('customers:rename.rejectOk')}
      okButtonProps={approving ? undefined : { danger: true }}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
      maskClosable={false}
      width={560}
      data-testid={`rename-${decision}-modal`}
    >
      {request && (
        <div style={{ background: '#fafafa', borderRadius: 8, padding: '12px 16px', marginBottom: 16 }}>
          <div style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{request.customerCode} </Typography.Text>
            <NameChange from={request.oldName} to={request.newName} />
          </div>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            <Typography.Text type="secondary">{t('customers:rename.reason')}：</Typography.Text>
            {request.reason}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            <Typography.Text type="secondary">{t('customers:rename.evidence')}：</Typography.Text>
            {request.evidence ?? t('customers:rename.noEvidence')}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('customers:rename.requestedBy', {
              name: request.requestedByName,
              time: dayjs(request.createdAt).format('YYYY-MM-DD HH:mm'),
            })}
          </Typography.Text>
        </div>
      )}
      {approving && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('customers:rename.approveHint')} />
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="note"
          label={approving ? t('customers:rename.approveNote') : t('customers:rename.rejectNote')}
          rules={
            approving
              ? []
              : [
                  { required: true, whitespace: true, message: t('customers:rename.rejectNoteRequired') },
                  { min: 2, message: t('customers:rename.reasonTooShort') },
                ]
          }
        >
          <Input.TextArea
            autoFocus
            maxLength={200}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={
              approving ? t('customers:rename.approveNotePlaceholder') : t('customers:rename.rejectNotePlaceholder')
            }
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
