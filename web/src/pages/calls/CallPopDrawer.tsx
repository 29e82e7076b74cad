import {
  FormOutlined,
  HomeOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  UserAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  List,
  Space,
  Spin,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { useLiveEvents } from '../../app/useLiveEvents';
import { errorText } from '../../components/problem';
import { useDictionary } from '../customers/shared';
import { formatTime, StateTag, type TicketState } from '../tickets/shared';
import { Deadline, EscalationBadge, TicketLink, useNow } from '../workbench/tickets';
import { type CallPop, type CallState, CallStateTag, type PopCustomer } from './shared';

interface CallEvent {
  callId: string;
  number: string;
  state: CallState;
}

type Room = PopCustomer['rooms'][number];

/** 在保 3 项 / 已过保: the warranty of a room at a glance, the trades in the tooltip. */
function WarrantyTags({ room }: { room: Room }) {
  const { t } = useTranslation();
  if (room.warranty.length === 0) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('calls:pop.noWarranty')}
      </Typography.Text>
    );
  }
  const inside = room.warranty.filter((w) => w.inWarranty);
  const outside = room.warranty.filter((w) => !w.inWarranty);
  const lines = (items: Room['warranty']) =>
    items.map((w) => (
      <div key={w.trade}>
        {w.tradeLabel}
        {w.end ? ` · ${t('calls:pop.until', { date: w.end })}` : ''}
        {w.contractorName ? ` · ${w.contractorName}` : ''}
      </div>
    ));
  return (
    <Space size={4} wrap>
      {inside.length > 0 && (
        <Tooltip title={lines(inside)}>
          <Tag color="success" icon={<SafetyCertificateOutlined />} bordered={false} data-testid="warranty-in">
            {t('calls:pop.inWarranty', { count: inside.length })}
          </Tag>
        </Tooltip>
      )}
      {outside.length > 0 && (
        <Tooltip title={lines(outside)}>
          <Tag bordered={false}>{t('calls:pop.outOfWarranty', { count: outside.length })}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

function CustomerPanel({ customer, callId, onLeave }: { customer: PopCustomer; callId: string; onLeave: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const tags = useDictionary('customer_tag');
  const [roomId, setRoomId] = useState<string | null>(customer.rooms[0]?.roomId ?? null);

  const newReception = () => {
    const params = new URLSearchParams({ callId, customerId: customer.id });
    if (roomId) params.set('roomId', roomId);
    onLeave();
    navigate(`/service-desk/reception?${params.toString()}`);
  };

  return (
    <div data-testid="pop-customer">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <Space size={8} wrap>
          <UserOutlined />
          <Link to={`/customers/${customer.id}`} onClick={onLeave}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {customer.name}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary">{customer.code}</Typography.Text>
          {customer.mobile && (
            <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {customer.mobile}
            </Typography.Text>
          )}
          {customer.tags.map((tag) => (
            <Tag key={tag} color="gold" bordered={false}>
              {tags.label(tag)}
            </Tag>
          ))}
        </Space>
        {can(access.createTickets) && (
          <Button type="primary" icon={<FormOutlined />} onClick={newReception} data-testid="pop-new-reception">
            {t('calls:pop.newReception')}
          </Button>
        )}
      </div>

      <Divider orientation="left" plain style={{ margin: '12px 0 4px' }}>
        {t('calls:pop.rooms')}
      </Divider>
      {customer.rooms.length === 0 ? (
        <Typography.Text type="secondary">{t('calls:pop.noRooms')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={customer.rooms}
          renderItem={(room) => (
            <List.Item
              style={{
                paddingInline: 8,
                cursor: 'pointer',
                background: room.roomId === roomId ? '#f0f7ff' : undefined,
                borderRadius: 6,
              }}
              onClick={() => setRoomId(room.roomId)}
              data-testid="pop-room"
            >
              <Space size={6} wrap>
                <HomeOutlined />
                <Typography.Text strong>
                  {room.projectName} {room.roomCode}
                </Typography.Text>
                {room.roles.map((role) => (
                  <Tag key={role} color={role === 'owner' ? 'blue' : 'default'} bordered={false}>
                    {t(`tickets:reception.role.${role}`)}
                  </Tag>
                ))}
              </Space>
              <WarrantyTags room={room} />
            </List.Item>
          )}
        />
      )}

      <Divider orientation="left" plain style={{ margin: '12px 0 4px' }}>
        {t('calls:pop.openTickets', { count: customer.openTickets.length })}
      </Divider>
      {customer.openTickets.length === 0 ? (
        <Typography.Text type="secondary">{t('calls:pop.noOpenTickets')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={customer.openTickets}
          renderItem={(ticket) => (
            <List.Item style={{ display: 'block', paddingInline: 0 }} data-testid="pop-ticket">
              <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <span onClickCapture={onLeave}>
                  <TicketLink id={ticket.id} publicNo={ticket.publicNo} />
                </span>
                <StateTag state={ticket.state as TicketState} />
                <span style={{ flex: 1 }} />
                <EscalationBadge level={ticket.escalationLevel} />
                <Deadline dueAt={ticket.resolutionDueAt} overdue={ticket.overdue} paused={ticket.paused} now={now} />
              </div>
              <Typography.Text ellipsis={{ tooltip: ticket.title }} style={{ display: 'block' }}>
                {ticket.title}
                {ticket.roomCode ? <Typography.Text type="secondary"> · {ticket.roomCode}</Typography.Text> : null}
                {ticket.handlerName ? (
                  <Typography.Text type="secondary"> · {ticket.handlerName}</Typography.Text>
                ) : null}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}

      <Divider orientation="left" plain style={{ margin: '12px 0 4px' }}>
        {t('calls:pop.contacts')}
      </Divider>
      {customer.contacts.length === 0 && customer.receptions.length === 0 ? (
        <Typography.Text type="secondary">{t('calls:pop.noContacts')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={[
            ...customer.receptions.map((r) => ({
              key: `r-${r.id}`,
              at: r.receivedAt,
              kind: t('calls:pop.reception', { no: r.publicNo }),
              text: r.content,
              who: r.agentName,
            })),
            ...customer.contacts.map((c) => ({
              key: `c-${c.id}`,
              at: c.occurredAt,
              kind: t(`customers:records.channelName.${c.channel}`, { defaultValue: c.channel }),
              text: c.summary,
              who: c.staffName,
            })),
          ]
            .sort((a, b) => b.at.localeCompare(a.at))
            .slice(0, 6)}
          renderItem={(item) => (
            <List.Item style={{ display: 'block', paddingInline: 0 }}>
              <Space size={6}>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
                  {formatTime(item.at)}
                </Typography.Text>
                <Tag bordered={false}>{item.kind}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.who}
                </Typography.Text>
              </Space>
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: item.text }} style={{ margin: 0 }}>
                {item.text}
              </Typography.Paragraph>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

function UnknownCaller({ pop, onLeave }: { pop: CallPop; onLeave: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Space direction="vertical" size={2}>
          <Typography.Text strong>{t('calls:pop.noMatch')}</Typography.Text>
          <Typography.Text type="secondary">{t('calls:pop.noMatchHelp')}</Typography.Text>
        </Space>
      }
      data-testid="pop-no-match"
    >
      <Space>
        {can(access.manageCustomers) && (
          <Button
            type="primary"
            icon={<UserAddOutlined />}
            data-testid="pop-new-customer"
            onClick={() => {
              onLeave();
              navigate('/customers', { state: { newCustomer: { mobile: pop.fullNumber } } });
            }}
          >
            {t('calls:pop.newCustomer')}
          </Button>
        )}
        {can(access.createTickets) && (
          <Button
            icon={<FormOutlined />}
            onClick={() => {
              onLeave();
              navigate(`/service-desk/reception?callId=${pop.call.id}`);
            }}
          >
            {t('calls:pop.newReception')}
          </Button>
        )}
      </Space>
    </Empty>
  );
}

/**
 * 来电弹屏: opens when the agent's extension rings (a `call` event on the tab's one live
 * connection), showing who is calling, with their rooms, open tickets, recent contacts and the
 * rooms' warranty, and a one-click 新建接待 prefilled with the caller and the room.
 */
function CallPopDrawerInner() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const current = useRef<string | null>(null);
  const [open, setOpen] = useState(false);
  const [event, setEvent] = useState<CallEvent | null>(null);
  const [pop, setPop] = useState<CallPop | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (callId: string) => {
    setLoading(true);
    try {
      const answer = await unwrap(api.GET('/api/calls/{id}/pop', { params: { path: { id: callId } } }));
      if (current.current === callId) setPop(answer);
    } catch (e) {
      if (current.current === callId) message.error(errorText(e));
    } finally {
      if (current.current === callId) setLoading(false);
    }
  };

  useLiveEvents(
    (e) => {
      if (e.type !== 'call') return;
      const data = e.data as CallEvent;
      const fresh = current.current !== data.callId;
      if (fresh && (data.state === 'ringing' || data.state === 'answered')) {
        current.current = data.callId;
        setEvent(data);
        setPop(null);
        setOpen(true);
        void load(data.callId);
      } else if (!fresh) {
        setEvent(data);
      }
    },
    ['call'],
  );

  const close = () => setOpen(false);
  const state = event?.state ?? pop?.call.state;

  return (
    <Drawer
      open={open}
      onClose={close}
      width={600}
      mask={false}
      destroyOnHidden
      data-testid="call-pop"
      title={
        <Space size={8}>
          <PhoneOutlined style={{ color: '#1677ff' }} />
          <span>{t('calls:pop.title')}</span>
          <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="pop-number">
            {event?.number ?? pop?.number}
          </Typography.Text>
          {state && <CallStateTag state={state} direction={pop?.call.direction} />}
        </Space>
      }
    >
      {loading && !pop ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : pop ? (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('calls:field.calledNumber')}>{pop.call.calledNumber}</Descriptions.Item>
            <Descriptions.Item label={t('calls:field.extension')}>{pop.call.extension ?? '-'}</Descriptions.Item>
          </Descriptions>
          {!pop.matched ? (
            <UnknownCaller pop={pop} onLeave={close} />
          ) : pop.customers.length === 1 && pop.customers[0] ? (
            <CustomerPanel customer={pop.customers[0]} callId={pop.call.id} onLeave={close} />
          ) : (
            <>
              <Typography.Text type="warning">
                {t('calls:pop.several', { count: pop.customers.length })}
              </Typography.Text>
              <Tabs
                items={pop.customers.map((c) => ({
                  key: c.id,
                  label: c.name,
                  children: <CustomerPanel customer={c} callId={pop.call.id} onLeave={close} />,
                }))}
              />
            </>
          )}
        </>
      ) : null}
    </Drawer>
  );
}

/** Mounted once in the layout; only for those who may see calls. */
export function CallPopDrawer() {
  const { can } = useSession();
  return can(access.calls) ? <CallPopDrawerInner /> : null;
}
