import {
  ModalForm,
  ProForm,
  ProFormDatePicker,
  ProFormDependency,
  type ProFormInstance,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { Alert, App, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { StatusTag } from '../property/shared';
import { CustomerPicker } from './CustomerPicker';
import { RoomSearchSelect } from './OccupancyForms';
import { RoleTag } from './shared';

export type MoveIn = paths['/api/move-ins']['get']['responses'][200]['content']['application/json']['data'][number];

interface Values {
  projectId?: string;
  roomId?: string;
  customerId?: string;
  moveInDate: string | Dayjs;
  contractNo?: string;
  handoverLetterNo?: string;
  inspectionNote?: string;
}

/** Room statuses that become 已入住 with the move-in (the server's rule, shown before saving). */
const becomesOccupied = ['unsold', 'sold', 'delivered', 'vacant'];

/** The room chosen (or given), with who holds it now and the company its project belongs to. */
function useRoomContext(roomId: string | undefined, open: boolean) {
  const { data } = useQueryData(async () => {
    if (!open || !roomId) return null;
    const [room, occupants, projects] = await Promise.all([
      unwrap(api.GET('/api/rooms/{id}', { params: { path: { id: roomId } } })),
      unwrap(api.GET('/api/rooms/{id}/occupancies', { params: { path: { id: roomId } } })),
      unwrap(api.GET('/api/projects', { params: { query: { pageSize: 200, current: 1 } } })),
    ]);
    const companyId = projects.data.find((p) => p.id === room.projectId)?.companyId;
    return { room, current: occupants.filter((o) => o.current), companyId };
  }, [roomId, open]);
  return data && data.room.id === roomId ? data : null;
}

/** What happens when the form is saved: who moves out, and what becomes of the room status. */
function Consequences({ context }: { context: ReturnType<typeof useRoomContext> }) {
  const { t } = useTranslation();
  if (!context) return null;
  const { room, current } = context;
  const statusChange = becomesOccupied.includes(room.status);
  // One entry per person: an owner who lives there is 业主 · 住户, and moves out once.
  const people = [...new Set(current.map((o) => o.customerId))].map((customerId) => {
    const rows = current.filter((o) => o.customerId === customerId);
    return { customerId, name: rows[0]?.customerName ?? '', rows };
  });
  return (
    <Alert
      type={current.length ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 20 }}
      data-testid="move-in-consequences"
      message={
        current.length
          ? t('customers:moveInRegister.movesOut', { count: people.length })
          : t('customers:moveInRegister.nobodyNow')
      }
      description={
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          {current.length > 0 && (
            <Space size={[12, 6]} wrap>
              {people.map((p) => (
                <Space key={p.customerId} size={4}>
                  {p.rows.map((o) => (
                    <RoleTag key={o.id} role={o.role} />
                  ))}
                  <Typography.Text>{p.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('customers:rooms.since', { date: p.rows.map((o) => o.fromDate).sort()[0] })}
                  </Typography.Text>
                </Space>
              ))}
            </Space>
          )}
          <Space size={6} wrap>
            <Typography.Text type="secondary">{t('customers:moveInRegister.roomStatus')}</Typography.Text>
            <StatusTag status={room.status} />
            {statusChange ? (
              <>
                <Typography.Text type="secondary">→</Typography.Text>
                <StatusTag status="occupied" />
              </>
            ) : (
              <Typography.Text type="secondary">{t('customers:moveInRegister.statusKept')}</Typography.Text>
            )}
          </Space>
        </Space>
      }
    />
  );
}

/**
 * 入伙登记: the customer becomes the room's owner and moves in; everyone who holds the room now
 * moves out on the same date. Opened from the room drawer (room given) or from the move-in list
 * (project and room chosen here).
 */
export function MoveInRegisterModal({
  room,
  open,
  onOpenChange,
  onDone,
}: {
  /** The room, when the form is opened from it; otherwise the form asks for project and room. */
  room?: { id: string; code: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDone: (moveIn: MoveIn) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const today = dayjs().format('YYYY-MM-DD');

  const submit = async (values: Values) => {
    const roomId = room?.id ?? values.roomId;
    if (!roomId || !values.customerId) return false;
    try {
      const done = await unwrap(
        api.POST('/api/rooms/{id}/move-ins', {
          params: { path: { id: roomId } },
          body: {
            customerId: values.customerId,
            moveInDate: dayjs(values.moveInDate).format('YYYY-MM-DD'),
            contractNo: values.contractNo?.trim() || null,
            handoverLetterNo: values.handoverLetterNo?.trim() || null,
            inspectionNote: values.inspectionNote?.trim() || null,
          },
        }),
      );
      message.success(t('customers:moveInRegister.done', { room: done.roomCode, name: done.customerName }));
      onDone(done);
      return true;
    } catch (e) {
      showProblem(message, e, formRef.current);
      return false;
    }
  };

  return (
    <ModalForm<Values>
      formRef={formRef}
      title={room ? t('customers:moveInRegister.titleRoom', { code: room.code }) : t('customers:moveInRegister.title')}
      open={open}
      onOpenChange={onOpenChange}
      width={640}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      initialValues={{ moveInDate: today }}
      modalProps={{ destroyOnHidden: true, maskClosable: false, styles: { body: { paddingTop: 16 } } }}
      submitter={{
        searchConfig: { submitText: t('customers:moveInRegister.submit'), resetText: t('common:cancel') },
      }}
      onValuesChange={(changed: Partial<Values>) => {
        if ('projectId' in changed) formRef.current?.setFieldsValue({ roomId: undefined, customerId: undefined });
        if ('roomId' in changed) formRef.current?.setFieldsValue({ customerId: undefined });
      }}
      onFinish={submit}
      data-testid="move-in-register"
    >
      {!room && (
        <>
          <ProForm.Item
            name="projectId"
            label={t('customers:field.project')}
            rules={[{ required: true, message: t('customers:moveIn.projectRequired') }]}
          >
            <ProjectSelect placeholder={t('customers:moveIn.projectPlaceholder')} />
          </ProForm.Item>
          <ProFormDependency name={['projectId']}>
            {({ projectId }: { projectId?: string }) => (
              <ProForm.Item
                name="roomId"
                label={t('customers:moveIn.room')}
                rules={[{ required: true, message: t('customers:moveIn.roomRequired') }]}
              >
                <RoomSearchSelect projectId={projectId} />
              </ProForm.Item>
            )}
          </ProFormDependency>
        </>
      )}
      <ProFormDependency name={['roomId']}>
        {({ roomId }: { roomId?: string }) => <RoomDependent roomId={room?.id ?? roomId} open={open} today={today} />}
      </ProFormDependency>
      <ProFormText
        name="contractNo"
        label={t('customers:moveInRegister.contractNo')}
        placeholder={t('customers:moveInRegister.contractNoPlaceholder')}
        extra={t('customers:moveInRegister.contractNoExtra')}
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ max: 40, message: t('customers:moveInRegister.tooLong', { max: 40 }) }]}
      />
      <ProFormText
        name="handoverLetterNo"
        label={t('customers:moveInRegister.handoverLetterNo')}
        placeholder={t('customers:moveInRegister.handoverLetterNoPlaceholder')}
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ max: 40, message: t('customers:moveInRegister.tooLong', { max: 40 }) }]}
      />
      <ProFormTextArea
        name="inspectionNote"
        label={t('customers:moveInRegister.inspectionNote')}
        placeholder={t('customers:moveInRegister.inspectionNotePlaceholder')}
        fieldProps={{ maxLength: 500, showCount: true, autoSize: { minRows: 3, maxRows: 6 } }}
      />
    </ModalForm>
  );
}

/** The parts of the form that depend on the room: the consequences, the customer and the date. */
function RoomDependent({ roomId, open, today }: { roomId: string | undefined; open: boolean; today: string }) {
  const { t } = useTranslation();
  const context = useRoomContext(roomId, open);
  const latestFrom =
    context?.current
      .map((o) => o.fromDate)
      .sort()
      .at(-1) ?? '';
  return (
    <>
      <Consequences context={context} />
      <ProForm.Item
        name="customerId"
        label={t('customers:moveInRegister.customer')}
        extra={t('customers:moveInRegister.customerExtra')}
        rules={[{ required: true, message: t('customers:moveInRegister.customerRequired') }]}
      >
        <CustomerPicker companyId={context?.companyId} data-testid="move-in-customer" />
      </ProForm.Item>
      <ProFormDatePicker
        name="moveInDate"
        label={t('customers:moveInRegister.moveInDate')}
        width="100%"
        extra={latestFrom ? t('customers:moveInRegister.dateExtra', { from: latestFrom }) : undefined}
        fieldProps={{
          style: { width: '100%' },
          allowClear: false,
          disabledDate: (d: Dayjs) => d.isAfter(today, 'day') || (!!latestFrom && d.isBefore(latestFrom, 'day')),
        }}
        rules={[
          { required: true, message: t('customers:moveInRegister.dateRequired') },
          {
            validator: (_: unknown, value: string | Dayjs | undefined) => {
              if (!value) return Promise.resolve();
              if (dayjs(value).isAfter(today, 'day')) {
                return Promise.reject(new Error(t('customers:moveInRegister.dateFuture')));
              }
              if (latestFrom && dayjs(value).isBefore(latestFrom, 'day')) {
                return Promise.reject(new Error(t('customers:moveInRegister.dateBefore', { from: latestFrom })));
              }
              return Promise.resolve();
            },
          },
        ]}
      />
    </>
  );
}
