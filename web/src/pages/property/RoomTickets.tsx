import { PlusOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RelatedTickets } from '../workbench/RelatedTickets';

/** 工单 in the room drawer: the room's tickets, newest first, and a way to record a new call about it. */
export function RoomTickets({ roomId, canCreate }: { roomId: string; canCreate: boolean }) {
  const { t } = useTranslation();
  return (
    <div style={{ marginTop: 24 }} data-testid="room-tickets-section">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('workbench:related.roomTitle')}
        </Typography.Title>
        {canCreate && (
          <Link to={`/service-desk/reception?roomId=${encodeURIComponent(roomId)}`}>
            <Button size="small" icon={<PlusOutlined />} data-testid="room-new-reception">
              {t('workbench:related.newReception')}
            </Button>
          </Link>
        )}
      </div>
      <RelatedTickets roomId={roomId} compact />
    </div>
  );
}
