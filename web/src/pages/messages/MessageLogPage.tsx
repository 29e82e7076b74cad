import { RedoOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { Alert, App, Badge, Button, Descriptions, Drawer, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import type { Language } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { ticketPath } from '../workbench/tickets';
import {
  type MessageChannel,
  messageChannels,
  messageEvents,
  messageStates,
  type OutboundMessage,
  stateColors,
} from './labels';

interface Filters {
  channel?: MessageChannel;
  event?: (typeof messageEvents)[number];
  state?: (typeof messageStates)[number];
  ticketNo?: string;
  recipient?: string;
  from?: string;
  to?: string;
}

type SearchValues = Filters & { dateRange?: [string | Dayjs, string | Dayjs] };

const day = (v: string | Dayjs | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : undefined);
/** While a shown message is about to go (queued, its next try within a minute), the list reads again this often. */
const FOLLOW_MS = 3_000;
const aboutToGo = (m: OutboundMessage) =>
  m.state === 'queued' && (!m.nextAttemptAt || dayjs(m.nextAttemptAt).diff(dayjs(), 'second') < 60);

const time = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '-');

function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Badge status={stateColors[state] as 'success'} text={t(`messages:state.${state}`)} />;
}

/** 发送记录: every outbound message in the caller's scope, with filters, export, details and retry. */
export default function MessageLogPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const lang = i18n.language as Language;
  const canManage = can(access.manageMessages);
  const actionRef = useRef<ActionType>(undefined);
  const filters = useRef<Filters>({});
  const [open, setOpen] = useState<OutboundMessage | null>(null);
  // Messages on their way change state by themselves: follow them without a click on 刷新.
  const follow = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(follow.current), []);
  const [retrying, setRetrying] = useState(false);
  const channels = useQueryData(() => unwrap(api.GET('/api/message-channels')), []);
  const providers = useQueryData(() => unwrap(api.GET('/api/message-providers')), []);
  const providerName = (code: string | null) =>
    code ? (providers.data?.find((p) => p.provider === code)?.label[lang] ?? code) : '-';
  const outboxChannels = (channels.data ?? []).filter((c) => c.provider === 'outbox').map((c) => c.channel);

  const retry = async (m: OutboundMessage) => {
    setRetrying(true);
    try {
      const updated = await unwrap(api.POST('/api/messages/{id}/retry', { params: { path: { id: m.id } } }));
      message.success(t('messages:log.retried'));
      setOpen(updated);
      void actionRef.current?.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setRetrying(false);
    }
  };

  const columns: ProColumns<OutboundMessage>[] = [
    {
      title: t('messages:log.dateRange'),
      dataIndex: 'dateRange',
      hideInTable: true,
      valueType: 'dateRange',
      fieldProps: { placeholder: [t('messages:log.from'), t('messages:log.to')] },
      search: {
        transform: (value: [string | Dayjs, string | Dayjs]) => ({ from: day(value?.[0]), to: day(value?.[1]) }),
      },
    },
    {
      title: t('messages:log.ticket'),
      dataIndex: 'ticketNo',
      hideInTable: true,
      fieldProps: { placeholder: t('messages:log.ticketPlaceholder') },
    },
    {
      title: t('messages:log.recipientSearch'),
      dataIndex: 'recipient',
      hideInTable: true,
      fieldProps: { placeholder: t('messages:log.recipientPlaceholder') },
    },
    {
      title: t('messages:log.createdAt'),
      dataIndex: 'createdAt',
      search: false,
      width: 165,
      render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{time(r.createdAt)}</span>,
    },
    {
      title: t('messages:log.channel'),
      dataIndex: 'channel',
      width: 90,
      valueType: 'select',
      fieldProps: { options: messageChannels.map((c) => ({ value: c, label: t(`messages:channel.${c}`) })) },
      render: (_, r) => <Tag bordered={false}>{t(`messages:channel.${r.channel}`)}</Tag>,
    },
    {
      title: t('messages:log.event'),
      dataIndex: 'event',
      width: 120,
      valueType: 'select',
      fieldProps: { options: messageEvents.map((e) => ({ value: e, label: t(`messages:event.${e}`) })) },
      render: (_, r) => t(`messages:event.${r.event}`),
    },
    {
      title: t('messages:log.recipient'),
      dataIndex: 'recipientName',
      search: false,
      width: 180,
      render: (_, r) => (
        <span>
          {r.recipientName ?? '-'}
          <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
            {r.addressMasked}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('messages:log.ticket'),
      dataIndex: 'ticketPublicNo',
      search: false,
      width: 150,
      render: (_, r) => (r.ticketId ? <Link to={ticketPath(r.ticketId)}>{r.ticketPublicNo}</Link> : '-'),
    },
    {
      title: t('messages:log.body'),
      dataIndex: 'body',
      search: false,
      ellipsis: true,
    },
    {
      title: t('messages:log.state'),
      dataIndex: 'state',
      width: 110,
      valueType: 'select',
      fieldProps: { options: messageStates.map((s) => ({ value: s, label: t(`messages:state.${s}`) })) },
      render: (_, r) => <StateTag state={r.state} />,
    },
    {
      title: t('messages:log.provider'),
      dataIndex: 'provider',
      search: false,
      width: 110,
      render: (_, r) => (r.provider === 'outbox' ? t('messages:log.outbox') : providerName(r.provider)),
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 100,
      fixed: 'right',
      render: (_, r) => [
        <Typography.Link key="detail" onClick={() => setOpen(r)} data-testid="message-detail">
          {t('messages:log.detail')}
        </Typography.Link>,
        canManage && r.state === 'failed' && (
          <Typography.Link key="retry" onClick={() => void retry(r)}>
            {t('messages:log.retry')}
          </Typography.Link>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('messages:log.title')} content={t('messages:log.subtitle')}>
      {outboxChannels.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="outbox-alert"
          message={t('messages:log.outboxAlert', {
            channels: outboxChannels.map((c) => t(`messages:channel.${c}`)).join(lang === 'zh-CN' ? '、' : ', '),
          })}
        />
      )}
      <ProTable<OutboundMessage, SearchValues>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200] }}
        options={{ density: true, reload: true, setting: true, fullScreen: false }}
        locale={{ emptyText: t('messages:log.empty') }}
        scroll={{ x: 1150 }}
        request={async (params) => {
          const { current = 1, pageSize = 20, channel, event, state, ticketNo, recipient, from, to } = params;
          filters.current = {
            channel: channel || undefined,
            event: event || undefined,
            state: state || undefined,
            ticketNo: ticketNo?.trim() || undefined,
            recipient: recipient?.trim() || undefined,
            from: from || undefined,
            to: to || undefined,
          };
          try {
            const page = await unwrap(
              api.GET('/api/messages', { params: { query: { current, pageSize, ...filters.current } } }),
            );
            clearTimeout(follow.current);
            if (page.data.some(aboutToGo)) {
              follow.current = setTimeout(() => void actionRef.current?.reload(), FOLLOW_MS);
            }
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <ExportButton key="export" path="/api/messages/export" params={() => ({ ...filters.current })} />,
        ]}
      />
      <Drawer
        open={!!open}
        width={560}
        title={t('messages:log.detailTitle')}
        onClose={() => setOpen(null)}
        extra={
          open &&
          canManage &&
          open.state === 'failed' && (
            <Button icon={<RedoOutlined />} loading={retrying} onClick={() => void retry(open)}>
              {t('messages:log.retry')}
            </Button>
          )
        }
      >
        {open && (
          <>
            {open.provider === 'outbox' && (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('messages:channels.outboxNote')} />
            )}
            <Descriptions
              column={1}
              size="small"
              bordered
              styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
              data-testid="message-detail-drawer"
            >
              <Descriptions.Item label={t('messages:log.channel')}>
                {t(`messages:channel.${open.channel}`)} · {t(`messages:event.${open.event}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('messages:log.recipient')}>
                {open.recipientName ?? '-'} {open.addressMasked}
              </Descriptions.Item>
              {open.ticketId && (
                <Descriptions.Item label={t('messages:log.ticket')}>
                  <Link to={ticketPath(open.ticketId)}>{open.ticketPublicNo}</Link>
                </Descriptions.Item>
              )}
              {open.subject && <Descriptions.Item label={t('messages:log.subject')}>{open.subject}</Descriptions.Item>}
              <Descriptions.Item label={t('messages:log.body')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{open.body}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('messages:log.state')}>
                <StateTag state={open.state} />
                {open.urgent && (
                  <Tag color="red" bordered={false} style={{ marginLeft: 8 }}>
                    {t('messages:log.urgent')}
                  </Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('messages:log.attempts')}>
                {open.attempts} / {open.maxAttempts}
              </Descriptions.Item>
              {open.nextAttemptAt && (
                <Descriptions.Item label={t('messages:log.nextAttemptAt')}>
                  {time(open.nextAttemptAt)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('messages:log.provider')}>
                {open.provider === 'outbox' ? t('messages:log.outbox') : providerName(open.provider)}
              </Descriptions.Item>
              <Descriptions.Item label={t('messages:log.providerMessageId')}>
                {open.providerMessageId ?? '-'}
              </Descriptions.Item>
              <Descriptions.Item label={t('messages:log.createdAt')}>{time(open.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('messages:log.sentAt')}>{time(open.sentAt)}</Descriptions.Item>
              {open.deliveredAt && (
                <Descriptions.Item label={t('messages:log.deliveredAt')}>{time(open.deliveredAt)}</Descriptions.Item>
              )}
              {open.error && (
                <Descriptions.Item label={t('messages:log.error')}>
                  <Typography.Text type="danger">{open.error}</Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
          </>
        )}
      </Drawer>
    </PageContainer>
  );
}
