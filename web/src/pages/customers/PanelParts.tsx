// What the profile tabs' panels (contacts, bank accounts, contact records, events) share: the row
// above the list, the list's first loading, failure and empty states, the delete link, and the
// room a record is about.
import { DeleteOutlined } from '@ant-design/icons';
import { ProFormSelect } from '@ant-design/pro-components';
import { Alert, Col, Empty, Popconfirm, Row, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/problem';
import { type Occupancy, roomOptions } from './shared';

/** A hint or filter on the left, the add buttons on the right. */
export function PanelToolbar({
  left,
  right,
  marginBottom = 12,
}: {
  left: ReactNode;
  right: ReactNode;
  marginBottom?: number;
}) {
  return (
    <Row justify="space-between" align="middle" style={{ marginBottom }} gutter={[8, 8]}>
      <Col>{left}</Col>
      <Col>{right}</Col>
    </Row>
  );
}

/**
 * A skeleton while the list first loads, its error, or a simple empty state with the given text;
 * else the list itself. Reloads keep the list shown.
 */
export function PanelList({
  list,
  skeletonRows,
  empty,
  children,
}: {
  list: { data?: unknown; error: Error | null; loading: boolean };
  skeletonRows: number;
  /** What to say when there is nothing to list; null when there is. */
  empty: ReactNode | null;
  children: ReactNode;
}) {
  if (list.loading && !list.data) return <Skeleton active paragraph={{ rows: skeletonRows }} />;
  if (list.error) return <Alert type="error" showIcon message={errorText(list.error)} />;
  if (empty !== null) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return <>{children}</>;
}

/** 删除, behind a confirmation whose OK button is red. */
export function DeleteLink({
  title,
  description,
  onConfirm,
}: {
  title: ReactNode;
  description?: ReactNode;
  onConfirm: () => unknown;
}) {
  const { t } = useTranslation();
  return (
    <Popconfirm title={title} description={description} okButtonProps={{ danger: true }} onConfirm={onConfirm}>
      <Typography.Link type="danger">
        <DeleteOutlined /> {t('common:delete')}
      </Typography.Link>
    </Popconfirm>
  );
}

/** The room a record is about (roomId), one of those the customer holds or held; optional. */
export function RoomField({ label, rooms }: { label: string; rooms: Occupancy[] }) {
  const { t } = useTranslation();
  const options = roomOptions(rooms);
  return (
    <ProFormSelect
      name="roomId"
      label={label}
      placeholder={options.length ? t('customers:records.roomPlaceholder') : t('customers:records.noRooms')}
      options={options}
      disabled={options.length === 0}
      allowClear
    />
  );
}
