import { EditOutlined, QuestionCircleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { ProDescriptions } from '@ant-design/pro-components';
import { Alert, Button, Drawer, Skeleton, Space, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { RoomWarranties } from '../contractors/RoomWarranties';
import { RoleTag } from '../customers/shared';
import { RoomOccupants } from './RoomOccupants';
import { RoomTickets } from './RoomTickets';
import { floorText, formatArea, type Room, StatusTag, useOrientations } from './shared';

const none = <Typography.Text type="secondary">-</Typography.Text>;

/** 收费对象: who the room's charges go to (住户, else 租户, else 业主), or 空置 when nobody holds it. */
function BillingTarget({ target }: { target: NonNullable<Room['billingTarget']> | null }) {
  const { t } = useTranslation();
  if (!target) {
    return (
      <Typography.Text type="secondary" data-testid="billing-target">
        {t('property:billing.vacant')}
      </Typography.Text>
    );
  }
  return (
    <Space size={6} data-testid="billing-target">
      <RoleTag role={target.role} />
      <Link to={`/customers/${target.customerId}`}>{target.name}</Link>
      <Tooltip title={t('property:billing.rule')}>
        <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
      </Tooltip>
    </Space>
  );
}

/** The room behind a tile of 房态图: its details, a way to the room list and (with the right) editing. */
export function RoomDrawer({
  roomId,
  canManage,
  onClose,
  onEdit,
  version,
  onChanged,
}: {
  roomId: string | null;
  canManage: boolean;
  onClose: () => void;
  onEdit: (room: Room) => void;
  /** Bumped after an edit so the drawer reloads. */
  version: number;
  /** A move-in or transfer changed the room (its status, who is billed). */
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const orientations = useOrientations();
  const [changes, setChanges] = useState(0);
  const { data, error } = useQueryData(
    async () => (roomId ? unwrap(api.GET('/api/rooms/{id}', { params: { path: { id: roomId } } })) : null),
    [roomId, version, changes],
  );
  const room = data && data.id === roomId ? data : null;

  const area = (value: number | null) => (value === null ? none : `${formatArea(value)} ㎡`);
  const text = (value: ReactNode) => (value === null || value === undefined || value === '' ? none : value);

  return (
    <Drawer
      open={!!roomId}
      onClose={onClose}
      width={460}
      title={
        room ? (
          <Space size={8}>
            <span>{t('property:detail.title', { code: room.code })}</span>
            <StatusTag status={room.status} />
          </Space>
        ) : (
          t('property:detail.loading')
        )
      }
      extra={
        room && canManage ? (
          <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(room)}>
            {t('common:edit')}
          </Button>
        ) : null
      }
      footer={
        room ? (
          <Link to={`/property/rooms?projectId=${room.projectId}&buildingId=${room.buildingId}`}>
            <UnorderedListOutlined /> {t('property:detail.viewInList')}
          </Link>
        ) : null
      }
      data-testid="room-drawer"
    >
      {error && !room ? (
        <Alert type="error" showIcon message={errorText(error)} />
      ) : !room ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <ProDescriptions column={1} bordered size="small" labelStyle={{ width: 120 }}>
            <ProDescriptions.Item label={t('property:field.code')}>
              <Typography.Text copyable strong>
                {room.code}
              </Typography.Text>
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.project')}>{room.projectName}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.building')}>{room.buildingName}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.unit')}>{text(room.unitName)}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.floor')}>
              {t('property:grid.floorLabel', { floor: floorText(room.floor) })}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.number')}>{room.number}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.type')}>
              {t(`property:type.${room.type}`)}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.grossArea')}>{area(room.grossArea)}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.netArea')}>{area(room.netArea)}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.layout')}>{text(room.layout)}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.orientation')}>
              {text(orientations.label(room.orientation))}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.status')}>
              <StatusTag status={room.status} />
            </ProDescriptions.Item>
            {room.billingTarget !== undefined && (
              <ProDescriptions.Item label={t('property:field.billingTarget')}>
                <BillingTarget target={room.billingTarget} />
              </ProDescriptions.Item>
            )}
            <ProDescriptions.Item label={t('property:field.deliveryDate')}>
              {text(room.deliveryDate)}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.updatedAt')}>
              {dayjs(room.updatedAt).format('YYYY-MM-DD HH:mm')}
            </ProDescriptions.Item>
          </ProDescriptions>
          {can(access.customers) && (
            <RoomOccupants
              roomId={room.id}
              roomCode={room.code}
              version={version + changes}
              onChanged={() => {
                setChanges((n) => n + 1);
                onChanged?.();
              }}
            />
          )}
          {can(access.ticketTodos) && <RoomTickets roomId={room.id} canCreate={can('ticket.create')} />}
          {can(access.contractors) && <RoomWarranties roomId={room.id} version={version} />}
        </>
      )}
    </Drawer>
  );
}
