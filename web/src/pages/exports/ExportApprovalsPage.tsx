import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { Alert, App, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import { type ExportRequest, type ExportStatus, requestColumns, statuses, time } from './shared';

type Decide = { request: ExportRequest; decision: 'approve' | 'reject' };

/** Approve with an optional note, or reject with a required reason. */
function DecisionModal({
  deciding,
  onClose,
  onDone,
}: {
  deciding: Decide | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [saving, setSaving] = useState(false);
  const approve = deciding?.decision === 'approve';

  const close = () => {
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    if (!deciding) return;
    let note: string | undefined;
    try {
      ({ note } = await form.validateFields());
    } catch {
      return;
    }
    setSaving(true);
    const id = deciding.request.id;
    try {
      if (approve) {
        await unwrap(
          api.POST('/api/export-requests/{id}/approve', {
            params: { path: { id } },
            body: note?.trim() ? { note: note.trim() } : {},
          }),
        );
        message.success(t('exports:approval.approved'));
      } else {
        await unwrap(
          api.POST('/api/export-requests/{id}/reject', {
            params: { path: { id } },
            body: { note: (note ?? '').trim() },
          }),
        );
        message.success(t('exports:approval.rejected'));
      }
      close();
      onDone();
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  const r = deciding?.request;
  return (
    <Modal
      open={!!deciding}
      title={approve ? t('exports:approval.approveTitle') : t('exports:approval.rejectTitle')}
      okText={approve ? t('exports:approval.approve') : t('exports:approval.reject')}
      okButtonProps={approve ? {} : { danger: true }}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={close}
      destroyOnHidden
      maskClosable={false}
      width={520}
    >
      {r && (
        <Alert
          type={approve ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          message={t('exports:approval.summary', {
            name: r.requestedByName,
            resource: r.resourceLabel,
            count: r.rowCount,
          })}
          description={
            <Space direction="vertical" size={2}>
              <span>{t('exports:approval.reasonLine', { reason: r.reason })}</span>
              {approve && <span>{t('exports:approval.approveHint')}</span>}
            </Space>
          }
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="note"
          label={approve ? t('exports:approval.noteOptional') : t('exports:approval.rejectReason')}
          rules={
            approve
              ? []
              : [
                  { required: true, whitespace: true, message: t('exports:approval.rejectReasonRequired') },
                  { min: 2, message: t('exports:approval.rejectReasonRequired') },
                ]
          }
        >
          <Input.TextArea autoFocus maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 导出审批: requests for exports of personal data above the threshold, for those holding export.approve. */
export default function ExportApprovalsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [status, setStatus] = useState<ExportStatus | 'all'>('pending');
  const [deciding, setDeciding] = useState<Decide | null>(null);

  const columns: ProColumns<ExportRequest>[] = [
    {
      title: t('exports:field.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (_, r) => (
        <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{time(r.createdAt)}</Typography.Text>
      ),
    },
    {
      title: t('exports:field.requester'),
      dataIndex: 'requestedByName',
      width: 110,
      render: (_, r) => (
        <Space size={4}>
          {r.requestedByName}
          {r.mine && (
            <Tag bordered={false} color="blue">
              {t('exports:mine')}
            </Tag>
          )}
        </Space>
      ),
    },
    ...requestColumns(t, 140),
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 120,
      fixed: 'right',
      render: (_, r) =>
        r.canDecide ? (
          <Space size={4}>
            <Button
              type="link"
              size="small"
              style={{ paddingInline: 4 }}
              onClick={() => setDeciding({ request: r, decision: 'approve' })}
            >
              {t('exports:approval.approve')}
            </Button>
            <Button
              type="link"
              size="small"
              danger
              style={{ paddingInline: 4 }}
              onClick={() => setDeciding({ request: r, decision: 'reject' })}
            >
              {t('exports:approval.reject')}
            </Button>
          </Space>
        ) : r.mine && r.status === 'pending' ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('exports:approval.ownRequest')}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <PageContainer title={t('exports:approval.title')} content={t('exports:approval.description')}>
      <ProTable<ExportRequest>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        search={false}
        scroll={{ x: 1040 }}
        params={{ status }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: false, reload: true, fullScreen: false }}
        toolbar={{
          menu: {
            type: 'tab',
            activeKey: status,
            items: [
              ...statuses.map((s) => ({ key: s, label: t(`exports:status.${s}`) })),
              { key: 'all', label: t('exports:all') },
            ],
            onChange: (key) => setStatus(key as ExportStatus | 'all'),
          },
        }}
        request={async (params) => {
          try {
            const page = await unwrap(
              api.GET('/api/export-requests', {
                params: {
                  query: {
                    current: params.current ?? 1,
                    pageSize: params.pageSize ?? 20,
                    ...(status === 'all' ? {} : { status }),
                  },
                },
              }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <DecisionModal
        deciding={deciding}
        onClose={() => setDeciding(null)}
        onDone={() => void actionRef.current?.reload()}
      />
    </PageContainer>
  );
}
