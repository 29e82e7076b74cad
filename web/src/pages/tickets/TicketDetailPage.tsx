import {
  CheckCircleOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  EditOutlined,
  FieldTimeOutlined,
  MergeCellsOutlined,
  MessageOutlined,
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  ReloadOutlined,
  SendOutlined,
  StopOutlined,
  SwapOutlined,
  TagsOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Col, Result, Row, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { useLiveEvents } from '../../app/useLiveEvents';
import { errorText } from '../../components/problem';
import { CompensationPanel } from '../casework/CompensationPanel';
import { ActionDialogs, type DialogAction } from './detail/ActionDialogs';
import { type PostedAction, runAction } from './detail/actions';
import { DispatchModal, type DispatchRequest } from './detail/DispatchModal';
import { ProgressModal } from './detail/ProgressModal';
import { SideCards } from './detail/SideCards';
import { SlaClocks } from './detail/SlaClocks';
import { TicketTimeline } from './detail/TicketTimeline';
import { EscalationBadge, SeverityTag, StateTag, TypeTag, uuidPattern } from './shared';
import type { TicketAction, TicketDetail } from './types';

type Dialog = DialogAction | 'dispatch' | 'reassign' | 'progress';

/** The buttons, in the order a ticket's life goes; each shows only when `actions` has it. */
const buttons: { action: TicketAction; dialog?: Dialog; icon: React.ReactNode; primary?: boolean; danger?: boolean }[] =
  [
    { action: 'dispatch', dialog: 'dispatch', icon: <SendOutlined />, primary: true },
    { action: 'accept', icon: <CheckOutlined />, primary: true },
    { action: 'progress', dialog: 'progress', icon: <ToolOutlined /> },
    { action: 'resolve', dialog: 'resolve', icon: <CheckCircleOutlined />, primary: true },
    { action: 'visit', dialog: 'visit', icon: <PhoneOutlined />, primary: true },
    { action: 'close', dialog: 'close', icon: <CheckCircleOutlined /> },
    { action: 'instruct', dialog: 'instruct', icon: <EditOutlined /> },
    { action: 'reassign', dialog: 'reassign', icon: <SwapOutlined /> },
    { action: 'pause', dialog: 'pause', icon: <PauseCircleOutlined /> },
    { action: 'resume', dialog: 'resume', icon: <PlayCircleOutlined /> },
    { action: 'note', dialog: 'note', icon: <MessageOutlined /> },
    { action: 'reclassify', dialog: 'reclassify', icon: <TagsOutlined /> },
    { action: 'merge', dialog: 'merge', icon: <MergeCellsOutlined /> },
    { action: 'cancel', dialog: 'cancel', icon: <StopOutlined />, danger: true },
    { action: 'fast_forward', icon: <FieldTimeOutlined /> },
  ];

/** 工单详情: who, what, where; the live clocks; what the user may do now; and the whole story. */
export default function TicketDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const valid = uuidPattern.test(id);
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState<TicketAction | null>(null);

  const load = useCallback(async () => {
    if (!valid) return;
    setLoading(true);
    try {
      setTicket(await unwrap(api.GET('/api/tickets/{id}', { params: { path: { id } } })));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [id, valid]);

  useEffect(() => {
    void load();
  }, [load]);

  // The clocks and the timeline move on the server too (the sweep, other users): refetch now and then.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && !dialog) void load();
    }, 60_000);
    return () => clearInterval(timer);
  }, [load, dialog]);

  // Someone else changed this ticket (the sweep, another user): show it at once. Not while a
  // dialog is open, nor while an action of ours runs (it answers the fresh ticket itself).
  useLiveEvents(
    (event) => {
      const changed = event.type === 'reconnected' || (event.data as { ticketId?: string } | null)?.ticketId === id;
      if (changed && !dialog && !busy) void load();
    },
    ['ticket'],
  );

  /**
   * Sends an action and shows the ticket the server answers. A refusal (a 409 when someone else
   * changed the ticket first, an illegal transition) shows the server's message and reloads the
   * ticket so the buttons match its state again.
   */
  const perform = async (action: PostedAction, body: Record<string, unknown> = {}) => {
    try {
      const next = await runAction(id, action, body);
      setTicket(next);
      setDialog(null);
      message.success(t(`tickets:done.action.${action}`));
    } catch (e) {
      message.error(errorText(e));
      if (e instanceof ApiError && e.problem.status === 409) {
        setDialog(null);
        void load();
      }
      throw e;
    }
  };

  if (!valid || (error instanceof ApiError && error.problem.status === 404)) {
    return (
      <PageContainer title={t('tickets:detail.title')}>
        <Result
          status="404"
          title={t('tickets:detail.notFound')}
          extra={<Link to="/service-desk/tickets">{t('tickets:detail.back')}</Link>}
        />
      </PageContainer>
    );
  }
  if (!ticket) {
    return (
      <PageContainer title={t('tickets:detail.title')}>
        {error ? (
          <Alert
            type="error"
            showIcon
            message={errorText(error)}
            action={<Button onClick={() => void load()}>{t('tickets:detail.retry')}</Button>}
          />
        ) : (
          <Card>
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )}
      </PageContainer>
    );
  }

  const allowed = new Set(ticket.actions);
  const shown = buttons.filter((b) => allowed.has(b.action));
  const escalationName = ticket.escalations.find((e) => e.level === ticket.escalationLevel)?.levelName;

  return (
    <PageContainer
      title={
        <Space size={10} wrap>
          <Typography.Text
            copyable={{ text: ticket.publicNo }}
            style={{ fontSize: 22, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}
            data-testid="ticket-public-no"
          >
            {ticket.publicNo}
          </Typography.Text>
          <TypeTag type={ticket.type} />
          <StateTag state={ticket.state} />
          <SeverityTag severity={ticket.severity} />
          <EscalationBadge level={ticket.escalationLevel} name={escalationName} />
        </Space>
      }
      subTitle={null}
      content={
        <Space direction="vertical" size={4}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {ticket.title}
          </Typography.Title>
          <Space size={12} wrap>
            <Typography.Text type="secondary">
              {ticket.projectName}
              {ticket.roomCode ? ` ${ticket.roomCode}` : ''}
            </Typography.Text>
            {ticket.customerId ? (
              <Link to={`/customers/${ticket.customerId}`} data-testid="ticket-customer">
                {ticket.customerName}
              </Link>
            ) : (
              ticket.contactName && <Typography.Text>{ticket.contactName}</Typography.Text>
            )}
            {ticket.contactPhone && <Typography.Text type="secondary">{ticket.contactPhone}</Typography.Text>}
            {ticket.catalogueItemName && <Typography.Text type="secondary">{ticket.catalogueItemName}</Typography.Text>}
          </Space>
        </Space>
      }
      extra={
        <Button
          icon={<ReloadOutlined />}
          loading={loading}
          onClick={() => void load()}
          aria-label={t('tickets:detail.reload')}
        />
      }
    >
      {ticket.mergedInto && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={
            <span>
              {t('tickets:detail.mergedInto')}{' '}
              <Link to={`/service-desk/tickets/${ticket.mergedInto.id}`}>{ticket.mergedInto.publicNo}</Link>
            </span>
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }} data-testid="action-bar">
        {shown.length === 0 ? (
          <Typography.Text type="secondary">{t('tickets:detail.noActions')}</Typography.Text>
        ) : (
          <Space size={8} wrap>
            {shown.map((b) => (
              <Button
                key={b.action}
                type={b.primary ? 'primary' : 'default'}
                danger={b.danger}
                icon={b.icon}
                loading={busy === b.action}
                onClick={async () => {
                  if (b.dialog) {
                    setDialog(b.dialog);
                    return;
                  }
                  setBusy(b.action);
                  try {
                    await perform(b.action as PostedAction);
                  } catch {
                    // shown
                  } finally {
                    setBusy(null);
                  }
                }}
              >
                {t(`tickets:action.${b.action}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Row gutter={16} align="top">
        <Col xs={24} xl={16}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <SlaClocks ticket={ticket} onStale={dialog || busy ? undefined : load} />
            <Card size="small" title={t('tickets:detail.content')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: ticket.resolution ? 12 : 0 }}>
                {ticket.content}
              </Typography.Paragraph>
              {ticket.resolution && (
                <Alert type="success" message={t('tickets:detail.resolution')} description={ticket.resolution} />
              )}
              {ticket.cancelReason && (
                <Alert
                  type="warning"
                  icon={<CloseCircleOutlined />}
                  showIcon
                  message={t('tickets:detail.cancelReason')}
                  description={ticket.cancelReason}
                />
              )}
            </Card>
            <Card size="small" title={t('tickets:detail.timeline')}>
              <TicketTimeline events={ticket.events} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <SideCards ticket={ticket} />
            <CompensationPanel ticketId={ticket.id} projectId={ticket.projectId} />
          </Space>
        </Col>
      </Row>
      <DispatchModal
        ticket={ticket}
        reassign={dialog === 'reassign'}
        open={dialog === 'dispatch' || dialog === 'reassign'}
        onCancel={() => setDialog(null)}
        onSubmit={(body: DispatchRequest) => perform(dialog === 'reassign' ? 'reassign' : 'dispatch', { ...body })}
      />
      <ProgressModal
        ticketId={ticket.id}
        open={dialog === 'progress'}
        onCancel={() => setDialog(null)}
        onSubmit={(body) => perform('progress', body)}
      />
      <ActionDialogs
        ticket={ticket}
        open={dialog && !['dispatch', 'reassign', 'progress'].includes(dialog) ? (dialog as DialogAction) : null}
        onCancel={() => setDialog(null)}
        perform={(action, body) => perform(action, body)}
      />
    </PageContainer>
  );
}
