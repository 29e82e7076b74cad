import { KeyOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { MoveInRegisterModal } from '../customers/MoveInRegisterModal';
import { type Occupancy, RoleTag } from '../customers/shared';
import { TransferModal } from './TransferModal';

/**
 * 住户: who holds the room now (owners first), then who held it before, each linking to the
 * customer; with customer.manage, 办理入伙 registers a new owner's move-in and 过户 hands the
 * room from its current owners to new ones. Below them, the room's 入伙 registrations.
 */
export function RoomOccupants({
  roomId,
  roomCode,
  version,
  onChanged,
}: {
  roomId: string;
  roomCode: string;
  version: number;
  /** After a move-in or transfer: the room's status and billing target may have changed. */
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [transferring, setTransferring] = useState(false);
  const [registering, setRegistering] = useState(false);
  const [reloads, setReloads] = useState(0);
  const { data, error, loading } = useQueryData(
    () => unwrap(api.GET('/api/rooms/{id}/occupancies', { params: { path: { id: roomId } } })),
    [roomId, version, reloads],
  );
  const rows = data?.every((o) => o.roomId === roomId) ? data : null;
  // One line per person now living there: an owner who also lives in the flat is 业主 · 住户.
  const order = { owner: 0, tenant: 1, resident: 2 } as const;
  const current = new Map<string, { customerId: string; customerName: string; roles: Occupancy[] }>();
  for (const o of rows ?? []) {
    if (!o.current) continue;
    const entry = current.get(o.customerId) ?? { customerId: o.customerId, customerName: o.customerName, roles: [] };
    entry.roles.push(o);
    current.set(o.customerId, entry);
  }
  const people = [...current.values()]
    .map((p) => ({ ...p, roles: p.roles.sort((a, b) => order[a.role] - order[b.role]) }))
    .sort((a, b) => order[(a.roles[0] as Occupancy).role] - order[(b.roles[0] as Occupancy).role]);
  const history = (rows ?? []).filter((o) => !o.current);
  const owners = (rows ?? []).filter((o) => o.current && o.role === 'owner');
  const canTransfer = can(access.manageCustomers) && owners.length > 0;
  const canRegister = can(access.manageCustomers);
  const moveIns = useQueryData(
    () => unwrap(api.GET('/api/rooms/{id}/move-ins', { params: { path: { id: roomId } } })),
    [roomId, version, reloads],
  );
  const registrations = moveIns.data?.every((m) => m.roomId === roomId) ? moveIns.data : [];
  const changed = () => {
    setReloads((n) => n + 1);
    onChanged?.();
  };

  return (
    <div style={{ marginTop: 24 }} data-testid="room-occupants">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('property:occupants.title')}
          {rows && (
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginLeft: 8 }}>
              {t('property:occupants.count', { count: people.length })}
            </Typography.Text>
          )}
        </Typography.Title>
        <Space size={8}>
          {canRegister && (
            <Button
              size="small"
              type="primary"
              ghost
              icon={<KeyOutlined />}
              onClick={() => setRegistering(true)}
              data-testid="room-move-in"
            >
              {t('property:moveIn.button')}
            </Button>
          )}
          {canTransfer && (
            <Button
              size="small"
              icon={<SwapOutlined />}
              onClick={() => setTransferring(true)}
              data-testid="room-transfer"
            >
              {t('property:transfer.button')}
            </Button>
          )}
        </Space>
      </div>
      {canRegister && (
        <MoveInRegisterModal
          room={{ id: roomId, code: roomCode }}
          open={registering}
          onOpenChange={setRegistering}
          onDone={() => {
            setRegistering(false);
            changed();
          }}
        />
      )}
      {canTransfer && (
        <TransferModal
          roomId={roomId}
          roomCode={roomCode}
          owners={owners}
          open={transferring}
          onOpenChange={setTransferring}
          onDone={changed}
        />
      )}
      {error && !rows ? (
        <Alert type="error" showIcon message={errorText(error)} />
      ) : !rows || loading ? (
        <Skeleton active title={false} paragraph={{ rows: 2 }} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('property:occupants.none')} style={{ margin: 0 }} />
      ) : (
        <div>
          {people.map((p) => (
            <div key={p.customerId} style={rowStyle} data-testid="occupant-current">
              <Space size={8}>
                <Space size={4}>
                  {p.roles.map((o) => (
                    <RoleTag key={o.id} role={o.role} />
                  ))}
                </Space>
                <Link to={`/customers/${p.customerId}`}>{p.customerName}</Link>
              </Space>
              <Typography.Text type="secondary" style={numeric}>
                {t('property:occupants.since', {
                  date: p.roles.map((o) => o.fromDate).sort()[0],
                })}
              </Typography.Text>
            </div>
          ))}
          {people.length === 0 && (
            <Typography.Paragraph type="secondary">{t('property:occupants.noneNow')}</Typography.Paragraph>
          )}
          {history.length > 0 && (
            <>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, margin: '12px 0 6px' }}>
                {t('property:occupants.history')}
              </Typography.Text>
              {history.map((o) => (
                <div key={o.id} style={{ ...rowStyle, opacity: 0.6 }} data-testid="occupant-history">
                  <Space size={8}>
                    <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                      {t(`customers:role.${o.role}`)}
                    </Tag>
                    <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>
                  </Space>
                  <Typography.Text type="secondary" style={numeric}>
                    {t('property:occupants.period', { from: o.fromDate, to: o.toDate })}
                  </Typography.Text>
                </div>
              ))}
            </>
          )}
        </div>
      )}
      {registrations.length > 0 && (
        <div style={{ marginTop: 16 }} data-testid="room-move-ins">
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, margin: '0 0 6px' }}>
            {t('property:moveIn.records')}
          </Typography.Text>
          {registrations.map((m) => (
            <div key={m.id} style={{ ...rowStyle, flexDirection: 'column', alignItems: 'stretch', gap: 2 }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
                <Space size={8}>
                  <Link to={`/customers/${m.customerId}`}>{m.customerName}</Link>
                  {!m.current && (
                    <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                      {t('property:moveIn.ended')}
                    </Tag>
                  )}
                </Space>
                <Typography.Text type="secondary" style={numeric}>
                  {t('property:moveIn.on', { date: m.moveInDate })}
                </Typography.Text>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('property:moveIn.numbers', {
                  contract: m.contractNo ?? '-',
                  letter: m.handoverLetterNo ?? '-',
                })}
              </Typography.Text>
              {m.inspectionNote && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('property:moveIn.inspection', { note: m.inspectionNote })}
                </Typography.Text>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

const numeric = { fontVariantNumeric: 'tabular-nums', fontSize: 13 } as const;
const rowStyle = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  gap: 12,
  padding: '6px 10px',
  borderRadius: 6,
  background: '#fafafa',
  marginBottom: 6,
} as const;
