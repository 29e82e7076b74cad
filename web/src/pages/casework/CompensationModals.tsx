import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Space, Steps, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { type Compensation, CompensationStateTag, fenFromYuan, yuan } from './shared';
import { TicketPicker } from './TicketPicker';

/**
 * One compensation request: the amount, the reason, the approval chain with each step's decision,
 * and what the viewer may do now (approve or reject the current step, withdraw, mark paid).
 */
export function CompensationModal({
  compensationId,
  onClose,
  onChanged,
}: {
  compensationId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [item, setItem] = useState<Compensation | null>(null);
  const [comment, setComment] = useState('');
  const [paymentNote, setPaymentNote] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setItem(null);
    setComment('');
    setPaymentNote('');
    if (!compensationId) return;
    unwrap(api.GET('/api/compensations/{id}', { params: { path: { id: compensationId } } }))
      .then(setItem)
      .catch((e) => message.error(errorText(e)));
  }, [compensationId, message]);

  const act = async (work: () => Promise<Compensation>, done: string) => {
    setBusy(true);
    try {
      setItem(await work());
      message.success(done);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const path = { params: { path: { id: compensationId ?? '' } } };
  const decide = (decision: 'approved' | 'rejected') =>
    act(
      () =>
        unwrap(
          api.POST('/api/compensations/{id}/decide', { ...path, body: { decision, comment: comment.trim() || null } }),
        ),
      t(decision === 'approved' ? 'casework:compensation.approvedMessage' : 'casework:compensation.rejectedMessage'),
    );

  const current = item?.steps[item.currentStep];
  return (
    <Modal
      open={!!compensationId}
      width={720}
      title={
        item ? `${t('casework:compensation.detailTitle')} ${item.publicNo}` : t('casework:compensation.detailTitle')
      }
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {item && (
        <>
          <Descriptions column={2} size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('casework:compensation.amount')}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {yuan(item.amountFen)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('casework:compensation.stateLabel')}>
              <CompensationStateTag state={item.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('casework:compensation.ticket')}>
              <Link to={`/service-desk/tickets/${item.ticket.id}`}>{item.ticket.publicNo}</Link> {item.ticket.title}
            </Descriptions.Item>
            <Descriptions.Item label={t('casework:compensation.project')}>{item.projectName}</Descriptions.Item>
            <Descriptions.Item label={t('casework:compensation.requestedBy')}>
              {item.requestedByName} {dayjs(item.requestedAt).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
            {item.paidAt && (
              <Descriptions.Item label={t('casework:compensation.paidAt')}>
                {dayjs(item.paidAt).format('YYYY-MM-DD HH:mm')} {item.paymentNote}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('casework:compensation.reason')} span={2}>
              {item.reason}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('casework:compensation.chain')}</Typography.Title>
          <Steps
            size="small"
            direction="vertical"
            current={item.state === 'pending' ? item.currentStep : item.steps.length}
            status={item.state === 'rejected' ? 'error' : undefined}
            items={item.steps.map((s) => ({
              title: `${t('casework:compensation.step', { n: s.step + 1 })} ${s.roleName}`,
              status:
                s.decision === 'approved'
                  ? 'finish'
                  : s.decision === 'rejected'
                    ? 'error'
                    : item.state === 'pending' && s.step === item.currentStep
                      ? 'process'
                      : 'wait',
              description: s.decision
                ? `${s.approverName ?? ''} ${t(`casework:compensation.decision.${s.decision}`)} ${
                    s.decidedAt ? dayjs(s.decidedAt).format('YYYY-MM-DD HH:mm') : ''
                  }${s.comment ? `：${s.comment}` : ''}`
                : item.state === 'pending' && s.step === item.currentStep
                  ? t('casework:compensation.awaiting')
                  : '',
            }))}
          />
          {item.canDecide && current && (
            <div style={{ marginTop: 8 }}>
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 8 }}
                message={t('casework:compensation.yourStep', { role: current.roleName })}
              />
              <Input.TextArea
                rows={2}
                maxLength={500}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                placeholder={t('casework:compensation.commentPlaceholder')}
              />
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" loading={busy} onClick={() => decide('approved')}>
                  {t('casework:compensation.approve')}
                </Button>
                <Button danger loading={busy} onClick={() => decide('rejected')}>
                  {t('casework:compensation.reject')}
                </Button>
              </Space>
            </div>
          )}
          {item.canWithdraw && (
            <Button
              style={{ marginTop: 8 }}
              loading={busy}
              onClick={() =>
                act(
                  () => unwrap(api.POST('/api/compensations/{id}/withdraw', path)),
                  t('casework:compensation.withdrawnMessage'),
                )
              }
            >
              {t('casework:compensation.withdraw')}
            </Button>
          )}
          {item.state === 'approved' && can(access.approveCompensation) && (
            <Space.Compact style={{ marginTop: 8, width: '100%' }}>
              <Input
                value={paymentNote}
                onChange={(e) => setPaymentNote(e.target.value)}
                placeholder={t('casework:compensation.paymentNotePlaceholder')}
              />
              <Button
                type="primary"
                loading={busy}
                disabled={paymentNote.trim() === ''}
                onClick={() =>
                  act(
                    () =>
                      unwrap(
                        api.POST('/api/compensations/{id}/paid', {
                          ...path,
                          body: { paymentNote: paymentNote.trim() },
                        }),
                      ),
                    t('casework:compensation.paidMessage'),
                  )
                }
              >
                {t('casework:compensation.markPaid')}
              </Button>
            </Space.Compact>
          )}
        </>
      )}
    </Modal>
  );
}

/** 申请赔付 on a ticket: the amount typed in yuan (two decimals), sent as integer fen. */
export function RequestCompensationModal({
  ticketId,
  open,
  onClose,
  onCreated,
}: {
  /** The ticket; without it the form asks for one (search by number or title). */
  ticketId?: string;
  open: boolean;
  onClose: () => void;
  onCreated: (created: Compensation) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ticketId?: string; amount: number; reason: string }>();
  const [saving, setSaving] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  useEffect(() => {
    if (open) {
      form.resetFields();
      setKey(crypto.randomUUID());
    }
  }, [open, form]);
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const created = await unwrap(
        api.POST('/api/tickets/{id}/compensations', {
          params: { path: { id: ticketId ?? values.ticketId ?? '' } },
          headers: { 'Idempotency-Key': key },
          body: { amountFen: fenFromYuan(values.amount), reason: values.reason.trim() },
        }),
      );
      message.success(t('casework:compensation.requested', { no: created.publicNo }));
      onCreated(created);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('casework:compensation.request')}
      okText={t('casework:compensation.submit')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} name="compensationRequest" layout="vertical">
        {!ticketId && (
          <Form.Item
            name="ticketId"
            label={t('casework:compensation.ticket')}
            rules={[{ required: true, message: t('casework:compensation.ticketRequired') }]}
          >
            <TicketPicker placeholder={t('casework:compensation.ticketPlaceholder')} />
          </Form.Item>
        )}
        <Form.Item
          name="amount"
          label={t('casework:compensation.amountYuan')}
          rules={[{ required: true, message: t('casework:compensation.amountRequired') }]}
          extra={t('casework:compensation.amountHelp')}
        >
          <InputNumber min={0.01} max={100000} precision={2} prefix="¥" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('casework:compensation.reason')}
          rules={[{ required: true, min: 2, max: 1000, message: t('casework:compensation.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
