import { CheckOutlined, PhoneOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { useLiveReload } from '../../app/useLiveEvents';
import { ExportButton } from '../../components/ExportButton';
import { showProblem } from '../../components/problem';
import { formatTime } from '../tickets/shared';
import { type Call, type CallListQuery, CallStateTag, customerSide, DirectionTag, talkTime } from './shared';

const dash = <Typography.Text type="secondary">-</Typography.Text>;

function toQuery(params: Record<string, unknown>, me: string | undefined): CallListQuery {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const range = Array.isArray(params.time) ? (params.time as unknown[]) : [];
  const day = (v: unknown, end: boolean) => {
    const s = text(v);
    if (!s) return undefined;
    const d = new Date(`${s.slice(0, 10)}T00:00:00`);
    if (end) d.setDate(d.getDate() + 1);
    return d.toISOString();
  };
  const query: CallListQuery = {
    current: Number(params.current) || 1,
    pageSize: Number(params.pageSize) || 20,
    direction: text(params.direction) as CallListQuery['direction'],
    state: text(params.state) as CallListQuery['state'],
    callback: text(params.callback) as CallListQuery['callback'],
    number: text(params.number),
    agentUserId: params.mine === 'mine' ? me : undefined,
    from: day(range[0], false),
    to: day(range[1], true),
  };
  for (const key of Object.keys(query) as (keyof CallListQuery)[]) {
    if (query[key] === undefined) delete query[key];
  }
  return query;
}

/** 标记已回拨 with what came of it. */
function CallbackModal({ call, onClose, onDone }: { call: Call | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      open={!!call}
      title={t('calls:callback.title', { number: call ? customerSide(call) : '' })}
      okText={t('calls:callback.ok')}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        if (!call) return;
        setSaving(true);
        try {
          const note = form.getFieldValue('note')?.trim();
          await unwrap(
            api.POST('/api/calls/{id}/callback', {
              params: { path: { id: call.id } },
              body: note ? { note } : {},
            }),
          );
          message.success(t('calls:callback.doneMessage'));
          onDone();
        } catch (e) {
          showProblem(message, e, form);
        } finally {
          setSaving(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="note" label={t('calls:callback.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('calls:callback.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 通话记录: inbound, outbound and missed calls; missed ones wait here for a call-back. */
export default function CallsPage() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const { message } = App.useApp();
  const { me, can } = useSession();
  const [searchParams] = useSearchParams();
  const actionRef = useRef<ActionType>(undefined);
  const lastQuery = useRef<CallListQuery>({});
  const [closing, setClosing] = useState<Call | null>(null);
  const [dialling, setDialling] = useState<string | null>(null);
  useLiveReload(() => void actionRef.current?.reload(), ['call']);

  const dial = async (call: Call) => {
    setDialling(call.id);
    try {
      const placed = await unwrap(api.POST('/api/calls/dial', { body: { callId: call.id } }));
      message.success(t('calls:dial.placed', { number: placed.calledNumber, extension: placed.extension ?? '' }));
      void actionRef.current?.reload();
    } catch (e) {
      showProblem(message, e);
    } finally {
      setDialling(null);
    }
  };

  const columns: ProColumns<Call>[] = [
    {
      title: t('calls:field.direction'),
      dataIndex: 'direction',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        placeholder: t('calls:filter.all'),
        options: (['inbound', 'outbound'] as const).map((d) => ({ value: d, label: t(`calls:direction.${d}`) })),
      },
    },
    {
      title: t('calls:field.state'),
      dataIndex: 'state',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        placeholder: t('calls:filter.all'),
        options: (['ringing', 'answered', 'ended', 'missed'] as const).map((s) => ({
          value: s,
          label: t(`calls:state.${s}`),
        })),
      },
    },
    {
      title: t('calls:field.callback'),
      dataIndex: 'callback',
      hideInTable: true,
      valueType: 'select',
      initialValue: searchParams.get('callback') ?? undefined,
      fieldProps: {
        placeholder: t('calls:filter.all'),
        options: (['pending', 'done'] as const).map((s) => ({ value: s, label: t(`calls:callback.${s}`) })),
        'data-testid': 'filter-callback',
      },
    },
    {
      title: t('calls:field.number'),
      dataIndex: 'number',
      hideInTable: true,
      fieldProps: { placeholder: t('calls:filter.numberPlaceholder'), allowClear: true },
    },
    {
      title: t('calls:field.agent'),
      dataIndex: 'mine',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        placeholder: t('calls:filter.all'),
        options: [{ value: 'mine', label: t('calls:filter.mine') }],
      },
    },
    { title: t('calls:field.time'), dataIndex: 'time', hideInTable: true, valueType: 'dateRange' },
    {
      title: t('calls:field.time'),
      dataIndex: 'ringingAt',
      search: false,
      width: 135,
      render: (_, c) => (
        <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatTime(c.ringingAt ?? c.createdAt)}</span>
      ),
    },
    {
      title: t('calls:field.state'),
      dataIndex: 'stateCol',
      search: false,
      width: 190,
      render: (_, c) => (
        <Space size={4}>
          <DirectionTag direction={c.direction} short />
          <CallStateTag state={c.state} direction={c.direction} />
          {c.callbackState === 'pending' && (
            <Tag color="warning" bordered={false} style={{ marginInlineEnd: 0 }} data-testid="callback-pending">
              {t('calls:callback.pending')}
            </Tag>
          )}
          {c.callbackState === 'done' && (
            <Tooltip title={[c.callbackUserName, c.callbackNote].filter(Boolean).join('：')}>
              <Tag color="success" bordered={false} style={{ marginInlineEnd: 0 }}>
                {t('calls:callback.done')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('calls:field.customerNumber'),
      dataIndex: 'callerNumber',
      search: false,
      width: 150,
      render: (_, c) => (
        <div style={{ lineHeight: 1.6 }}>
          <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{customerSide(c)}</Typography.Text>
          <div>
            {c.customerId ? (
              <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('calls:field.noCustomer')}
              </Typography.Text>
            )}
          </div>
        </div>
      ),
    },
    {
      title: t('calls:field.agent'),
      dataIndex: 'agentName',
      search: false,
      width: 110,
      render: (_, c) => (
        <span>
          {c.agentName ?? dash}
          {c.extension ? <Typography.Text type="secondary"> · {c.extension}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: t('calls:field.duration'),
      dataIndex: 'durationSeconds',
      search: false,
      width: 140,
      render: (_, c) => (
        <Space size={8} style={{ whiteSpace: 'nowrap' }}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>
            {c.state === 'ended' ? talkTime(c.durationSeconds, t) : dash}
          </span>
          {c.recordingUrl && (
            <Tooltip title={t('calls:field.recording')}>
              <Typography.Link href={c.recordingUrl} target="_blank" rel="noreferrer noopener" data-testid="recording">
                <PlayCircleOutlined /> {t('calls:field.play')}
              </Typography.Link>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('calls:field.reception'),
      dataIndex: 'receptionNo',
      search: false,
      width: 165,
      render: (_, c) =>
        c.receptionNo ? <Link to={`/service-desk/receptions?q=${c.receptionNo}`}>{c.receptionNo}</Link> : dash,
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      key: 'option',
      width: english ? 190 : 170,
      fixed: 'right',
      render: (_, c) => [
        can(access.dial) && c.callerNumber !== 'anonymous' && (
          <Typography.Link
            key="dial"
            onClick={() => void dial(c)}
            disabled={dialling === c.id}
            data-testid="call-back"
            style={{ whiteSpace: 'nowrap' }}
          >
            <PhoneOutlined /> {t('calls:action.callBack')}
          </Typography.Link>
        ),
        c.callbackState === 'pending' && (
          <Typography.Link
            key="done"
            onClick={() => setClosing(c)}
            data-testid="mark-called-back"
            style={{ whiteSpace: 'nowrap' }}
          >
            <CheckOutlined /> {t('calls:action.markDone')}
          </Typography.Link>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('calls:title')} content={t('calls:subtitle')}>
      <ProTable<Call>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        scroll={{ x: 1060 }}
        headerTitle={t('calls:listTitle')}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: 6 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: t('calls:empty') }}
        request={async (params) => {
          const query = toQuery(params, me?.id);
          lastQuery.current = query;
          try {
            const page = await unwrap(api.GET('/api/calls', { params: { query } }));
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <ExportButton
            key="export"
            path="/api/calls/export"
            params={() => {
              const { current: _c, pageSize: _p, ...rest } = lastQuery.current;
              return rest;
            }}
          />,
        ]}
      />
      <CallbackModal
        call={closing}
        onClose={() => setClosing(null)}
        onDone={() => {
          setClosing(null);
          void actionRef.current?.reload();
        }}
      />
    </PageContainer>
  );
}
