import { PlusOutlined } from '@ant-design/icons';
import {
  type ActionType,
  DrawerForm,
  PageContainer,
  type ProColumns,
  ProForm,
  ProFormDigit,
  ProFormRadio,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProTable,
} from '@ant-design/pro-components';
import { App, Button, Form, Popconfirm, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ProjectSelect } from '../../components/ProjectSelect';
import { errorText, showProblem } from '../../components/problem';
import { useCompanies } from '../customers/shared';
import {
  ActiveTag,
  CatalogueTreeSelect,
  DepartmentSelect,
  NamesOrAll,
  UserSelect,
  useCatalogue,
  useProjectNames,
  useTicketTypeOptions,
} from './shared';

export type RoutingRule = Awaited<ReturnType<typeof listRules>>[number];

async function listRules() {
  return unwrap(api.GET('/api/routing-rules'));
}

interface Values {
  companyId?: string;
  name: string;
  priority: number;
  projectIds?: string[];
  ticketTypes?: string[];
  catalogueNodeIds?: string[];
  targetKind: 'user' | 'department';
  targetUserId?: string;
  targetOrgId?: string;
  active: boolean;
}

function RuleForm({
  open,
  rule,
  onClose,
  onSaved,
}: {
  open: boolean;
  rule?: RoutingRule;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const companies = useCompanies();
  const typeOptions = useTicketTypeOptions();
  const askCompany = !rule && companies.options.length > 1;
  const companyId = Form.useWatch('companyId', form);

  return (
    <DrawerForm<Values>
      key={rule?.id ?? 'new'}
      form={form}
      name="routing-rule"
      title={rule ? t('serviceRules:routing.editTitle') : t('serviceRules:routing.createTitle')}
      open={open}
      width={560}
      layout="vertical"
      drawerProps={{ destroyOnHidden: true, maskClosable: false, onClose }}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      initialValues={
        rule
          ? {
              name: rule.name,
              priority: rule.priority,
              projectIds: rule.projectIds,
              ticketTypes: rule.ticketTypes,
              catalogueNodeIds: rule.catalogueNodeIds,
              targetKind: rule.targetKind,
              targetUserId: rule.targetUserId ?? undefined,
              targetOrgId: rule.targetOrgId ?? undefined,
              active: rule.active,
            }
          : { priority: 100, targetKind: 'department', active: true }
      }
      onFinish={async (values) => {
        const body = {
          name: values.name.trim(),
          priority: values.priority,
          projectIds: values.projectIds ?? [],
          ticketTypes: (values.ticketTypes ?? []) as RoutingRule['ticketTypes'],
          catalogueNodeIds: values.catalogueNodeIds ?? [],
          targetKind: values.targetKind,
          ...(values.targetKind === 'user' ? { targetUserId: values.targetUserId } : {}),
          ...(values.targetKind === 'department' ? { targetOrgId: values.targetOrgId } : {}),
          active: values.active,
        };
        try {
          if (rule) {
            await unwrap(api.PATCH('/api/routing-rules/{id}', { params: { path: { id: rule.id } }, body }));
            message.success(t('serviceRules:saved'));
          } else {
            await unwrap(
              api.POST('/api/routing-rules', {
                body: { ...body, ...(values.companyId ? { companyId: values.companyId } : {}) },
              }),
            );
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
      {askCompany && (
        <ProFormSelect
          name="companyId"
          label={t('serviceRules:field.company')}
          options={companies.options}
          rules={[{ required: true, message: t('serviceRules:validation.company') }]}
        />
      )}
      <ProFormText
        name="name"
        label={t('serviceRules:field.name')}
        placeholder={t('serviceRules:routing.namePlaceholder')}
        fieldProps={{ maxLength: 100 }}
        rules={[{ required: true, whitespace: true, message: t('serviceRules:validation.name') }]}
      />
      <ProFormDigit
        name="priority"
        label={t('serviceRules:field.priority')}
        extra={t('serviceRules:routing.priorityHelp')}
        min={0}
        max={100000}
        fieldProps={{ precision: 0 }}
        rules={[{ required: true, message: t('serviceRules:validation.priority') }]}
      />
      <ProForm.Item name="projectIds" label={t('serviceRules:field.projects')} extra={t('serviceRules:emptyMeansAll')}>
        <ProjectSelect mode="multiple" companyId={companyId ?? rule?.companyId} placeholder={t('serviceRules:any')} />
      </ProForm.Item>
      <ProFormSelect
        name="ticketTypes"
        label={t('serviceRules:field.ticketTypes')}
        mode="multiple"
        options={typeOptions}
        placeholder={t('serviceRules:any')}
        extra={t('serviceRules:emptyMeansAll')}
      />
      <ProForm.Item
        name="catalogueNodeIds"
        label={t('serviceRules:field.catalogue')}
        extra={t('serviceRules:routing.catalogueHelp')}
      >
        <CatalogueTreeSelect multiple treeCheckable={false} placeholder={t('serviceRules:any')} />
      </ProForm.Item>
      <ProFormRadio.Group
        name="targetKind"
        label={t('serviceRules:field.target')}
        radioType="button"
        options={[
          { value: 'department', label: t('serviceRules:targetKind.department') },
          { value: 'user', label: t('serviceRules:targetKind.user') },
        ]}
      />
      <Form.Item<Values> noStyle shouldUpdate={(a, b) => a.targetKind !== b.targetKind}>
        {({ getFieldValue }) =>
          getFieldValue('targetKind') === 'user' ? (
            <ProForm.Item
              name="targetUserId"
              label={t('serviceRules:field.targetUser')}
              rules={[{ required: true, message: t('serviceRules:validation.targetUser') }]}
            >
              <UserSelect />
            </ProForm.Item>
          ) : (
            <ProForm.Item
              name="targetOrgId"
              label={t('serviceRules:field.targetDepartment')}
              rules={[{ required: true, message: t('serviceRules:validation.targetDepartment') }]}
            >
              <DepartmentSelect companyId={companyId ?? rule?.companyId} />
            </ProForm.Item>
          )
        }
      </Form.Item>
      <ProFormSwitch name="active" label={t('serviceRules:field.active')} />
    </DrawerForm>
  );
}

/** 派工规则: which department or person takes which projects, ticket types and catalogue subtrees. */
export default function RoutingRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [editing, setEditing] = useState<{ rule?: RoutingRule } | null>(null);
  const typeOptions = useTicketTypeOptions();
  const catalogue = useCatalogue();
  const projectName = useProjectNames();
  const typeName = (v: string) => typeOptions.find((o) => o.value === v)?.label ?? v;
  const reload = () => void actionRef.current?.reload();

  const setActive = async (rule: RoutingRule, active: boolean) => {
    try {
      await unwrap(api.PATCH('/api/routing-rules/{id}', { params: { path: { id: rule.id } }, body: { active } }));
      message.success(active ? t('serviceRules:enabled') : t('serviceRules:disabled'));
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const remove = async (rule: RoutingRule) => {
    try {
      await unwrap(api.DELETE('/api/routing-rules/{id}', { params: { path: { id: rule.id } } }));
      message.success(t('serviceRules:deleted'));
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ProColumns<RoutingRule>[] = [
    { title: t('serviceRules:field.priority'), dataIndex: 'priority', width: 80, align: 'center' },
    {
      title: t('serviceRules:field.name'),
      dataIndex: 'name',
      width: 200,
      render: (_, r) => (
        <Typography.Link strong onClick={() => setEditing({ rule: r })}>
          {r.name}
        </Typography.Link>
      ),
    },
    {
      title: t('serviceRules:field.projects'),
      dataIndex: 'projectIds',
      render: (_, r) => <NamesOrAll names={r.projectIds.map(projectName)} />,
    },
    {
      title: t('serviceRules:field.ticketTypes'),
      dataIndex: 'ticketTypes',
      render: (_, r) => <NamesOrAll names={r.ticketTypes.map(typeName)} />,
    },
    {
      title: t('serviceRules:field.catalogue'),
      dataIndex: 'catalogueNodeIds',
      render: (_, r) => <NamesOrAll names={r.catalogueNodeIds.map(catalogue.name)} />,
    },
    {
      title: t('serviceRules:field.target'),
      dataIndex: 'target',
      width: 200,
      render: (_, r) => (
        <Space size={4}>
          <Tag bordered={false} color={r.targetKind === 'user' ? 'blue' : 'purple'}>
            {t(`serviceRules:targetKind.${r.targetKind}`)}
          </Tag>
          {r.targetName ?? '-'}
        </Space>
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
      render: (_, r) => [
        <Typography.Link key="edit" onClick={() => setEditing({ rule: r })}>
          {t('common:edit')}
        </Typography.Link>,
        <Typography.Link key="active" onClick={() => void setActive(r, !r.active)}>
          {r.active ? t('serviceRules:disable') : t('serviceRules:enable')}
        </Typography.Link>,
        <Popconfirm
          key="delete"
          title={t('serviceRules:routing.confirmDelete', { name: r.name })}
          onConfirm={() => remove(r)}
        >
          <Typography.Link type="danger">{t('common:delete')}</Typography.Link>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <PageContainer title={t('serviceRules:routing.title')} content={t('serviceRules:routing.subtitle')}>
      <ProTable<RoutingRule>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        size="middle"
        scroll={{ x: 1100 }}
        pagination={false}
        options={{ reload: true, density: false, setting: false }}
        locale={{ emptyText: t('serviceRules:routing.empty') }}
        headerTitle={t('serviceRules:routing.listTitle')}
        request={async () => {
          try {
            const rows = await listRules();
            return { data: [...rows].sort((a, b) => a.priority - b.priority), success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], success: false };
          }
        }}
        toolBarRender={() => [
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('serviceRules:routing.create')}
          </Button>,
        ]}
      />
      <RuleForm
        open={!!editing}
        rule={editing?.rule}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </PageContainer>
  );
}
