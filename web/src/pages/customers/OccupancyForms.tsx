import {
  ModalForm,
  ProForm,
  ProFormDatePicker,
  ProFormDependency,
  type ProFormInstance,
  ProFormRadio,
  ProFormText,
} from '@ant-design/pro-components';
import { App, Select, type SelectProps, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { StatusTag } from '../property/shared';
import { type Occupancy, type OccupancyRole, occupancyRoles } from './shared';

type RoomRow = Awaited<ReturnType<typeof searchRooms>>[number];

async function searchRooms(projectId: string, keyword: string) {
  const page = await unwrap(
    api.GET('/api/rooms', {
      params: { query: { projectId, keyword: keyword.trim() || undefined, pageSize: 50, current: 1 } },
    }),
  );
  return page.data;
}

/** Picks a room of a project by number or code (1201, 3-2-1201), searching on the server. */
export function RoomSearchSelect({ projectId, ...props }: SelectProps & { projectId: string | undefined }) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const [rooms, setRooms] = useState<RoomRow[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!projectId) {
      setRooms([]);
      return;
    }
    let stale = false;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const found = await searchRooms(projectId, keyword);
        if (!stale) setRooms(found);
      } catch {
        if (!stale) setRooms([]);
      } finally {
        if (!stale) setLoading(false);
      }
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [projectId, keyword]);

  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      disabled={!projectId}
      loading={loading}
      placeholder={projectId ? t('customers:moveIn.roomPlaceholder') : t('customers:moveIn.pickProjectFirst')}
      notFoundContent={loading ? t('customers:moveIn.searching') : t('customers:moveIn.noRoom')}
      onSearch={setKeyword}
      style={{ width: '100%' }}
      {...props}
      options={rooms.map((r) => ({
        value: r.id,
        label: r.code,
        room: r,
      }))}
      optionRender={(option) => {
        const r = (option.data as { room: RoomRow }).room;
        return (
          <Space size={8} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>
              <Typography.Text strong>{r.code}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {[r.buildingName, r.unitName, t(`property:type.${r.type}`)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </span>
            <StatusTag status={r.status} />
          </Space>
        );
      }}
    />
  );
}

interface MoveInValues {
  projectId?: string;
  roomId: string;
  role: OccupancyRole;
  fromDate: string | Dayjs;
  note?: string;
}

/** 迁入: project → room → role → date. */
export function MoveInModal({
  customerId,
  companyId,
  customerName,
  open,
  onOpenChange,
  onDone,
}: {
  customerId: string;
  /** Rooms are offered from the customer's own company only. */
  companyId: string;
  customerName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDone: (occupancy: Occupancy) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<MoveInValues>>(undefined);

  return (
    <ModalForm<MoveInValues>
      formRef={formRef}
      title={t('customers:moveIn.title', { name: customerName })}
      open={open}
      onOpenChange={onOpenChange}
      width={560}
      layout="horizontal"
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 17 }}
      initialValues={{ role: 'owner', fromDate: dayjs().format('YYYY-MM-DD') }}
      modalProps={{ destroyOnHidden: true, maskClosable: false, styles: { body: { paddingTop: 16 } } }}
      submitter={{ searchConfig: { submitText: t('customers:moveIn.submit'), resetText: t('common:cancel') } }}
      onValuesChange={(changed: Partial<MoveInValues>) => {
        if ('projectId' in changed) formRef.current?.setFieldsValue({ roomId: undefined });
      }}
      onFinish={async (values) => {
        try {
          const done = await unwrap(
            api.POST('/api/customers/{id}/occupancies', {
              params: { path: { id: customerId } },
              body: {
                roomId: values.roomId,
                role: values.role,
                fromDate: dayjs(values.fromDate).format('YYYY-MM-DD'),
                note: values.note?.trim() || null,
              },
            }),
          );
          message.success(t('customers:moveIn.done', { room: done.roomCode, role: t(`customers:role.${done.role}`) }));
          onDone(done);
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <ProForm.Item
        name="projectId"
        label={t('customers:field.project')}
        rules={[{ required: true, message: t('customers:moveIn.projectRequired') }]}
      >
        <ProjectSelect companyId={companyId} placeholder={t('customers:moveIn.projectPlaceholder')} />
      </ProForm.Item>
      <ProFormDependency name={['projectId']}>
        {({ projectId }: { projectId?: string }) => (
          <ProForm.Item
            name="roomId"
            label={t('customers:moveIn.room')}
            rules={[{ required: true, message: t('customers:moveIn.roomRequired') }]}
            extra={projectId ? t('customers:moveIn.roomExtra') : undefined}
          >
            <RoomSearchSelect projectId={projectId} />
          </ProForm.Item>
        )}
      </ProFormDependency>
      <ProFormRadio.Group
        name="role"
        label={t('customers:moveIn.role')}
        radioType="button"
        options={occupancyRoles.map((r) => ({ value: r, label: t(`customers:role.${r}`) }))}
        rules={[{ required: true }]}
      />
      <ProFormDatePicker
        name="fromDate"
        label={t('customers:moveIn.fromDate')}
        width="100%"
        fieldProps={{ style: { width: '100%' }, allowClear: false }}
        rules={[{ required: true, message: t('customers:moveIn.fromDateRequired') }]}
      />
      <ProFormText
        name="note"
        label={t('customers:field.notes')}
        placeholder={t('customers:moveIn.notePlaceholder')}
        fieldProps={{ maxLength: 200 }}
      />
    </ModalForm>
  );
}

interface MoveOutValues {
  toDate: string | Dayjs;
  note?: string;
}

/** 迁出: closes one relation on a date no earlier than its start; the relation stays as history. */
export function MoveOutModal({
  occupancy,
  onClose,
  onDone,
}: {
  /** The relation to end; null keeps the dialog closed. */
  occupancy: Occupancy | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<MoveOutValues>>(undefined);
  const from = occupancy?.fromDate ?? '';
  const today = dayjs().format('YYYY-MM-DD');

  return (
    <ModalForm<MoveOutValues>
      key={occupancy?.id ?? 'none'}
      formRef={formRef}
      title={
        occupancy
          ? t('customers:moveOut.title', {
              room: `${occupancy.projectName} ${occupancy.roomCode}`,
              role: t(`customers:role.${occupancy.role}`),
            })
          : ''
      }
      open={!!occupancy}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      width={500}
      layout="horizontal"
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 17 }}
      initialValues={{ toDate: from && dayjs(from).isAfter(today) ? from : today }}
      modalProps={{ destroyOnHidden: true, maskClosable: false, onCancel: onClose }}
      submitter={{ searchConfig: { submitText: t('customers:moveOut.submit'), resetText: t('common:cancel') } }}
      onFinish={async (values) => {
        if (!occupancy) return false;
        try {
          await unwrap(
            api.POST('/api/occupancies/{id}/end', {
              params: { path: { id: occupancy.id } },
              body: { toDate: dayjs(values.toDate).format('YYYY-MM-DD'), note: values.note?.trim() || null },
            }),
          );
          message.success(t('customers:moveOut.done', { room: occupancy.roomCode }));
          onDone();
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('customers:moveOut.hint', { from })}
      </Typography.Paragraph>
      <ProFormDatePicker
        name="toDate"
        label={t('customers:moveOut.toDate')}
        width="100%"
        fieldProps={{
          style: { width: '100%' },
          allowClear: false,
          disabledDate: (d: Dayjs) => !!from && d.isBefore(from, 'day'),
        }}
        rules={[
          { required: true, message: t('customers:moveOut.toDateRequired') },
          {
            validator: (_: unknown, value: string | Dayjs | undefined) =>
              !value || !from || !dayjs(value).isBefore(from, 'day')
                ? Promise.resolve()
                : Promise.reject(new Error(t('customers:moveOut.beforeFrom', { from }))),
          },
        ]}
      />
      <ProFormText
        name="note"
        label={t('customers:field.notes')}
        placeholder={t('customers:moveOut.notePlaceholder')}
        fieldProps={{ maxLength: 200 }}
      />
    </ModalForm>
  );
}
