import { EditOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { ProDescriptions } from '@ant-design/pro-components';
import { Alert, Button, Drawer, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { RoomOccupants } from './RoomOccupants';
import { floorText, formatArea, type Room, StatusTag, useOrientations } from './shared';

const none = <Typography.Text type="secondary">-</Typography.Text>;

/** The room behind a tile of 房态图: its details, a way to the room list and (with the right) editing. */
export function RoomDrawer({
  roomId,
  canManage,
  onClose,
  onEdit,
  version,
}: {
  roomId: string | null;
  canManage: boolean;
  onClose: () => void;
  onEdit: (room: Room) => void;
  /** Bumped after an edit so the drawer reloads. */
  version: number;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const orientations = useOrientations();
  const { data, error, loading } = useQueryData(
    async () => (roomId ? unwrap(api.GET('/api/rooms/{id}', { params: { path: { id: roomId } } })) : null),
    [roomId, version],
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
      ) : !room || loading ? (
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
            <ProDescriptions.Item label={t('property:field.deliveryDate')}>
              {text(room.deliveryDate)}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('property:field.updatedAt')}>
              {dayjs(room.updatedAt).format('YYYY-MM-DD HH:mm')}
            </ProDescriptions.Item>
          </ProDescriptions>
          {can(access.customers) && <RoomOccupants roomId={room.id} roomCode={room.code} version={version} />}
        </>
      )}
    </Drawer>
  );
}
