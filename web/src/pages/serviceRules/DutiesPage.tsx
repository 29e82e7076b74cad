import { PlusOutlined } from '@ant-design/icons';
import {
  type ActionType,
  DrawerForm,
  PageContainer,
  type ProColumns,
  ProForm,
  ProFormCheckbox,
  ProFormSelect,
  ProFormSwitch,
  ProTable,
} from '@ant-design/pro-components';
import { App, Button, Form, Popconfirm, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ProjectSelect } from '../../components/ProjectSelect';
import { errorText, showProblem } from '../../components/problem';
import { useDictionary } from '../customers/shared';
import { ActiveTag, dash, NamesOrAll, UserSelect, useProjectNames, useTicketTypeOptions, weekdays } from './shared';

export type Duty = Awaited<ReturnType<typeof listDuties>>[number];

async function listDuties() {
  return unwrap(api.GET('/api/duties'));
}

/** 00:00, 00:30 … 24:00: a shift starts and ends on the half hour. */
const times = Array.from({ length: 49 }, (_, i) => {
  const h = String(Math.floor(i / 2)).padStart(2, '0');
  return `${h}:${i % 2 ? '30' : '00'}`;
});
const timeOptions = times.map((value) => ({ value, label: value }));
const hhmm = (value: string) => value.slice(0, 5);

interface Values {
  userId: string;
  projectIds?: string[];
  ticketTypes?: string[];
  department?: string;
  weekdays: number[];
  startTime: string;
  endTime: string;
  active: boolean;
}

function DutyForm({
  open,
  duty,
  onClose,
  onSaved,
}: {
  open: boolean;
  duty?: Duty;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const departments = useDictionary('handling_department');
  const typeOptions = useTicketTypeOptions();

  return (
    <DrawerForm<Values>
      key={duty?.id ?? 'new'}
      form={form}
      name="duty"
      title={duty ? t('serviceRules:duty.editTitle') : t('serviceRules:duty.createTitle')}
      open={open}
      width={560}
      layout="vertical"
      drawerProps={{ destroyOnHidden: true, maskClosable: false, onClose }}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      initialValues={
        duty
          ? {
              userId: duty.userId,
              projectIds: duty.projectIds,
              ticketTypes: duty.ticketTypes,
              department: duty.department ?? undefined,
              weekdays: duty.weekdays,
              startTime: hhmm(duty.startTime),
              endTime: hhmm(duty.endTime),
              active: duty.active,
            }
          : { weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '18:00', active: true }
      }
      onFinish={async (values) => {
        const body = {
          userId: values.userId,
          projectIds: values.projectIds ?? [],
          ticketTypes: (values.ticketTypes ?? []) as Duty['ticketTypes'],
          department: values.department ?? null,
          weekdays: [...values.weekdays].sort(),
          startTime: values.startTime,
          endTime: values.endTime,
          active: values.active,
        };
        try {
          if (duty) {
            await unwrap(api.PATCH('/api/duties/{id}', { params: { path: { id: duty.id } }, body }));
            message.success(t('serviceRules:saved'));
          } else {
            await unwrap(api.POST('/api/duties', { body }));
            message.success(t('serviceRules:created'));
          }
          onSaved();
          return true;
        } catch (e) {
          showProblem(message, e, form);
          return false;
        }
      }}
    >
      <ProForm.Item
        name="userId"
        label={t('serviceRules:field.user')}
        rules={[{ required: true, message: t('serviceRules:validation.user') }]}
      >
        <UserSelect />
      </ProForm.Item>
      <ProForm.Item name="projectIds" label={t('serviceRules:field.projects')} extra={t('serviceRules:emptyMeansAll')}>
        <ProjectSelect mode="multiple" companyId={duty?.companyId} placeholder={t('serviceRules:any')} />
      </ProForm.Item>
      <ProFormSelect
        name="ticketTypes"
        label={t('serviceRules:field.ticketTypes')}
        mode="multiple"
        options={typeOptions}
        placeholder={t('serviceRules:any')}
        extra={t('serviceRules:emptyMeansAll')}
      />
      <ProFormSelect
        name="department"
        label={t('serviceRules:field.department')}
        options={departments.options}
        placeholder={t('serviceRules:any')}
        extra={t('serviceRules:duty.departmentHelp')}
        allowClear
      />
      <ProFormCheckbox.Group
        name="weekdays"
        label={t('serviceRules:field.weekdays')}
        options={weekdays.map((d) => ({ value: d, label: t(`serviceRules:weekday.${d}`) }))}
        rules={[{ required: true, type: 'array', min: 1, message: t('serviceRules:validation.weekdays') }]}
      />
      <ProForm.Group>
        <ProFormSelect
          name="startTime"
          label={t('serviceRules:field.startTime')}
          options={timeOptions.slice(0, -1)}
          width={160}
          showSearch
          rules={[{ required: true, message: t('serviceRules:validation.startTime') }]}
        />
        <ProFormSelect
          name="endTime"
          label={t('serviceRules:field.endTime')}
          options={timeOptions.slice(1)}
          width={160}
          showSearch
          dependencies={['startTime']}
          rules={[
            { required: true, message: t('serviceRules:validation.endTime') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || !getFieldValue('startTime') || value > getFieldValue('startTime')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('serviceRules:validation.endAfterStart'))),
            }),
          ]}
        />
      </ProForm.Group>
      <ProFormSwitch name="active" label={t('serviceRules:field.active')} />
    </DrawerForm>
  );
}

/** 受理职责: who is on duty for which projects and ticket types, on which days and hours. */
export default function DutiesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [editing, setEditing] = useState<{ duty?: Duty } | null>(null);
  const typeOptions = useTicketTypeOptions();
  const departments = useDictionary('handling_department');
  const projectName = useProjectNames();
  const typeName = (v: string) => typeOptions.find((o) => o.value === v)?.label ?? v;
  const reload = () => void actionRef.current?.reload();

  const setActive = async (duty: Duty, active: boolean) => {
    try {
      await unwrap(api.PATCH('/api/duties/{id}', { params: { path: { id: duty.id } }, body: { active } }));
      message.success(active ? t('serviceRules:enabled') : t('serviceRules:disabled'));
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const remove = async (duty: Duty) => {
    try {
      await unwrap(api.DELETE('/api/duties/{id}', { params: { path: { id: duty.id } } }));
      message.success(t('serviceRules:deleted'));
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const weekdaysText = (days: number[]) => {
    const sorted = [...days].sort();
    if (sorted.length === 7) return t('serviceRules:weekday.everyDay');
    if (sorted.join() === '1,2,3,4,5') return t('serviceRules:weekday.workdays');
    return sorted.map((d) => t(`serviceRules:weekday.short${d}`)).join(t('serviceRules:separator'));
  };

  const columns: ProColumns<Duty>[] = [
    {
      title: t('serviceRules:field.user'),
      dataIndex: 'userName',
      width: 140,
      render: (_, d) => (
        <Typography.Link strong onClick={() => setEditing({ duty: d })}>
          {d.userName}
        </Typography.Link>
      ),
    },
    {
      title: t('serviceRules:field.projects'),
      dataIndex: 'projectIds',
      render: (_, d) => <NamesOrAll names={d.projectIds.map(projectName)} />,
    },
    {
      title: t('serviceRules:field.ticketTypes'),
      dataIndex: 'ticketTypes',
      render: (_, d) => <NamesOrAll names={d.ticketTypes.map(typeName)} />,
    },
    {
      title: t('serviceRules:field.department'),
      dataIndex: 'department',
      width: 120,
      render: (_, d) => (d.department ? departments.label(d.department) : dash),
    },
    {
      title: t('serviceRules:field.shift'),
      dataIndex: 'weekdays',
      width: 220,
      render: (_, d) => (
        <span>
          {weekdaysText(d.weekdays)}{' '}
          <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {hhmm(d.startTime)}–{hhmm(d.endTime)}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('serviceRules:field.status'),
      dataIndex: 'active',
      width: 80,
      render: (_, row) => <ActiveTag active={row.active} />,
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 160,
      render: (_, d) => [
        <Typography.Link key="edit" onClick={() => setEditing({ duty: d })}>
          {t('common:edit')}
        </Typography.Link>,
        <Typography.Link key="active" onClick={() => void setActive(d, !d.active)}>
          {d.active ? t('serviceRules:disable') : t('serviceRules:enable')}
        </Typography.Link>,
        <Popconfirm
          key="delete"
          title={t('serviceRules:duty.confirmDelete', { name: d.userName })}
          onConfirm={() => remove(d)}
        >
          <Typography.Link type="danger">{t('common:delete')}</Typography.Link>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <PageContainer title={t('serviceRules:duty.title')} content={t('serviceRules:duty.subtitle')}>
      <ProTable<Duty>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        size="middle"
        scroll={{ x: 1000 }}
        pagination={false}
        options={{ reload: true, density: false, setting: false }}
        locale={{ emptyText: t('serviceRules:duty.empty') }}
        headerTitle={t('serviceRules:duty.listTitle')}
        request={async () => {
          try {
            return { data: await listDuties(), success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], success: false };
          }
        }}
        toolBarRender={() => [
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('serviceRules:duty.create')}
          </Button>,
        ]}
      />
      <DutyForm
        open={!!editing}
        duty={editing?.duty}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </PageContainer>
  );
}
