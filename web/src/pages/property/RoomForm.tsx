import {
  ModalForm,
  ProFormDatePicker,
  type ProFormInstance,
  ProFormSelect,
  ProFormText,
} from '@ant-design/pro-components';
import { App, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import {
  AreaFields,
  floorText,
  type Room,
  type RoomStatus,
  type RoomType,
  useOrientations,
  useStatusOptions,
  useTypeOptions,
} from './shared';

interface Values {
  type: RoomType;
  grossArea?: number | null;
  netArea?: number | null;
  layout?: string;
  orientation?: string;
  status: RoomStatus;
  deliveryDate?: string | Dayjs | null;
}

const orNull = <T,>(value: T | undefined | null | ''): T | null =>
  value === undefined || value === null || value === '' ? null : value;

/** 编辑房间: type, areas, layout, orientation, 房态 and delivery date. */
export function RoomForm({
  room,
  onClose,
  onSaved,
}: {
  /** The room to edit; null keeps the dialog closed. */
  room: Room | null;
  onClose: () => void;
  onSaved: (room: Room) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const orientations = useOrientations();
  const statusOptions = useStatusOptions();
  const typeOptions = useTypeOptions();

  const orientationOptions =
    room?.orientation && !orientations.options.some((o) => o.value === room.orientation)
      ? [...orientations.options, { value: room.orientation, label: room.orientation }]
      : orientations.options;

  const place = room
    ? [
        room.projectName,
        room.buildingName,
        room.unitName,
        t('property:grid.floorLabel', { floor: floorText(room.floor) }),
      ]
        .filter(Boolean)
        .join(' · ')
    : '';

  return (
    <ModalForm<Values>
      key={room?.id ?? 'none'}
      formRef={formRef}
      title={room ? t('property:form.title', { code: room.code }) : ''}
      open={!!room}
      width={560}
      layout="horizontal"
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 17 }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      modalProps={{ destroyOnHidden: true, maskClosable: false, onCancel: onClose }}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      initialValues={
        room
          ? {
              type: room.type,
              grossArea: room.grossArea,
              netArea: room.netArea,
              layout: room.layout ?? '',
              orientation: room.orientation ?? undefined,
              status: room.status,
              deliveryDate: room.deliveryDate ?? undefined,
            }
          : {}
      }
      onFinish={async (values) => {
        if (!room) return false;
        const delivery = orNull(values.deliveryDate);
        const body = {
          type: values.type,
          grossArea: orNull(values.grossArea),
          netArea: orNull(values.netArea),
          layout: orNull(values.layout?.trim()),
          orientation: orNull(values.orientation),
          status: values.status,
          deliveryDate: delivery ? dayjs(delivery).format('YYYY-MM-DD') : null,
        };
        try {
          const saved = await unwrap(api.PUT('/api/rooms/{id}', { params: { path: { id: room.id } }, body }));
          message.success(t('property:form.saved'));
          onSaved(saved);
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {place}
      </Typography.Paragraph>
      <ProFormSelect
        name="type"
        label={t('property:field.type')}
        allowClear={false}
        options={typeOptions}
        rules={[{ required: true, message: t('property:form.typeRequired') }]}
      />
      <AreaFields placeholder={t('property:form.areaPlaceholder')} />
      <ProFormText
        name="layout"
        label={t('property:field.layout')}
        placeholder={t('property:form.layoutPlaceholder')}
        fieldProps={{ maxLength: 40 }}
      />
      <ProFormSelect
        name="orientation"
        label={t('property:field.orientation')}
        placeholder={t('property:form.orientationPlaceholder')}
        options={orientationOptions}
        fieldProps={{ loading: orientations.loading }}
      />
      <ProFormSelect
        name="status"
        label={t('property:field.status')}
        allowClear={false}
        options={statusOptions}
        rules={[{ required: true, message: t('property:form.statusRequired') }]}
      />
      <ProFormDatePicker
        name="deliveryDate"
        label={t('property:field.deliveryDate')}
        placeholder={t('property:form.deliveryDatePlaceholder')}
        fieldProps={{ format: 'YYYY-MM-DD', style: { width: '100%' } }}
      />
    </ModalForm>
  );
}
