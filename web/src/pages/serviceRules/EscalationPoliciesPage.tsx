import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText, showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { useCompanies } from '../customers/shared';
import {
  ActiveTag,
  CatalogueTreeSelect,
  dash,
  minutesText,
  UserSelect,
  useCatalogue,
  useRoleOptions,
  useTicketTypeOptions,
} from './shared';

export type EscalationPolicy = Awaited<ReturnType<typeof listPolicies>>[number];
type Level = EscalationPolicy['levels'][number];

async function listPolicies() {
  return unwrap(api.GET('/api/escalation-policies'));
}

const GROUP = '__group__';

interface LevelValues {
  name: string;
  hours: number;
  minutes: number;
  targetKind: 'role' | 'users';
  roleCode?: string;
  userIds?: string[];
}

interface Values {
  name: string;
  scope: string;
  ticketType?: string;
  catalogueNodeId?: string;
  active: boolean;
  levels: LevelValues[];
}

const toLevelValues = (l: Level): LevelValues => ({
  name: l.name,
  hours: Math.floor(l.afterMinutes / 60),
  minutes: l.afterMinutes % 60,
  targetKind: l.targetKind,
  roleCode: l.roleCode ?? undefined,
  userIds: l.userIds,
});

/** The rungs of a ladder, read-only: level, name, when, who. */
function LadderTable({ levels }: { levels: readonly Level[] }) {
  const { t } = useTranslation();
  const roles = useRoleOptions();
  return (
    <Table<Level>
      size="small"
      rowKey="level"
      pagination={false}
      dataSource={[...levels]}
      columns={[
        { title: t('serviceRules:escalation.field.level'), dataIndex: 'level', width: 70, align: 'center' },
        { title: t('serviceRules:escalation.field.name'), dataIndex: 'name', width: 160 },
        {
          title: t('serviceRules:escalation.field.after'),
          dataIndex: 'afterMinutes',
          width: 180,
          render: (m: number) => minutesText(m, t),
        },
        {
          title: t('serviceRules:escalation.field.target'),
          key: 'target',
          render: (_, l) =>
            l.targetKind === 'role' ? (
              <Tag bordered={false} color="blue">
                {l.roleName ?? roles.name(l.roleCode)}
              </Tag>
            ) : (
              <Space size={4} wrap>
                {l.users.map((u) => (
                  <Tag key={u.id} bordered={false}>
                    {u.name}
                  </Tag>
                ))}
              </Space>
            ),
        },
      ]}
    />
  );
}

/** The levels as an editable table: one row per rung, in order; rows can be added and removed. */
function LevelsEditor() {
  const { t } = useTranslation();
  const roles = useRoleOptions();
  return (
    <Form.List
      name="levels"
      rules={[
        {
          validator: async (_, levels?: LevelValues[]) => {
            if (!levels || levels.length === 0) throw new Error(t('serviceRules:validation.levels'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={fields}
            data-testid="levels-editor"
            locale={{ emptyText: t('serviceRules:escalation.noLevels') }}
            columns={[
              {
                title: t('serviceRules:escalation.field.level'),
                key: 'level',
                width: 56,
                align: 'center',
                render: (_, _f, index) => <Typography.Text strong>{index + 1}</Typography.Text>,
              },
              {
                title: t('serviceRules:escalation.field.name'),
                key: 'name',
                width: 150,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'name']}
                    style={{ margin: 0 }}
                    rules={[{ required: true, whitespace: true, message: t('serviceRules:validation.levelName') }]}
                  >
                    <Input maxLength={40} placeholder={t('serviceRules:escalation.namePlaceholder')} />
                  </Form.Item>
                ),
              },
              {
                title: t('serviceRules:escalation.field.after'),
                key: 'after',
                width: 220,
                render: (_, field) => (
                  <Space size={4}>
                    <Form.Item
                      name={[field.name, 'hours']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, message: t('serviceRules:validation.hours') }]}
                    >
                      <InputNumber min={0} max={999} precision={0} style={{ width: 70 }} />
                    </Form.Item>
                    <span>{t('serviceRules:escalation.hours')}</span>
                    <Form.Item
                      name={[field.name, 'minutes']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, message: t('serviceRules:validation.minutes') }]}
                    >
                      <InputNumber min={0} max={59} precision={0} style={{ width: 60 }} />
                    </Form.Item>
                    <span>{t('serviceRules:escalation.minutes')}</span>
                  </Space>
                ),
              },
              {
                title: t('serviceRules:escalation.field.target'),
                key: 'target',
                render: (_, field) => (
                  <Space.Compact style={{ width: '100%' }}>
                    <Form.Item name={[field.name, 'targetKind']} style={{ margin: 0 }}>
                      <Select
                        style={{ width: 110 }}
                        options={[
                          { value: 'role', label: t('serviceRules:escalation.targetKind.role') },
                          { value: 'users', label: t('serviceRules:escalation.targetKind.users') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item
                      noStyle
                      shouldUpdate={(a, b) => a.levels?.[field.name]?.targetKind !== b.levels?.[field.name]?.targetKind}
                    >
                      {({ getFieldValue }) =>
                        getFieldValue(['levels', field.name, 'targetKind']) === 'users' ? (
                          <Form.Item
                            name={[field.name, 'userIds']}
                            style={{ margin: 0, flex: 1 }}
                            rules={[
                              { required: true, type: 'array', min: 1, message: t('serviceRules:validation.users') },
                            ]}
                          >
                            <UserSelect mode="multiple" />
                          </Form.Item>
                        ) : (
                          <Form.Item
                            name={[field.name, 'roleCode']}
                            style={{ margin: 0, flex: 1 }}
                            rules={[{ required: true, message: t('serviceRules:validation.role') }]}
                          >
                            <Select
                              options={roles.options}
                              showSearch
                              optionFilterProp="label"
                              placeholder={t('serviceRules:escalation.pickRole')}
                            />
                          </Form.Item>
                        )
                      }
                    </Form.Item>
                  </Space.Compact>
                ),
              },
              {
                key: 'remove',
                width: 44,
                render: (_, field) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    title={t('common:delete')}
                  />
                ),
              },
            ]}
          />
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() => add({ name: '', hours: 4, minutes: 0, targetKind: 'role' })}
            data-testid="add-level"
          >
            {t('serviceRules:escalation.addLevel')}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}

function PolicyEditor({
  open,
  policy,
  defaults,
  onClose,
  onSaved,
}: {
  open: boolean;
  policy?: EscalationPolicy;
  defaults: readonly Level[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const companies = useCompanies();
  const typeOptions = useTicketTypeOptions();

  const initialValues: Values = policy
    ? {
        name: policy.name,
        scope: policy.companyId ?? GROUP,
        ticketType: policy.ticketType ?? undefined,
        catalogueNodeId: policy.catalogueNodeId ?? undefined,
        active: policy.active,
        levels: policy.levels.map(toLevelValues),
      }
    : {
        name: '',
        scope: companies.options[0]?.value ?? GROUP,
        active: true,
        levels: defaults.map(toLevelValues),
      };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      name: values.name.trim(),
      companyId: values.scope === GROUP ? null : values.scope,
      ticketType: (values.ticketType ?? null) as EscalationPolicy['ticketType'],
      catalogueNodeId: values.catalogueNodeId ?? null,
      active: values.active,
      levels: values.levels.map((l, i) => ({
        level: i + 1,
        name: l.name.trim(),
        afterMinutes: (l.hours ?? 0) * 60 + (l.minutes ?? 0),
        targetKind: l.targetKind,
        ...(l.targetKind === 'role' ? { roleCode: l.roleCode ?? null } : { userIds: l.userIds ?? [] }),
      })),
    };
    setSaving(true);
    try {
      if (policy) {
        await unwrap(api.PUT('/api/escalation-policies/{id}', { params: { path: { id: policy.id } }, body }));
        message.success(t('serviceRules:saved'));
      } else {
        await unwrap(api.POST('/api/escalation-policies', { body }));
        message.success(t('serviceRules:created'));
      }
      onSaved();
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={960}
      destroyOnHidden
      maskClosable={false}
      title={policy ? t('serviceRules:escalation.editTitle') : t('serviceRules:escalation.createTitle')}
      data-testid="policy-editor"
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()}>
            {t('common:save')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        name="escalation-policy"
        layout="vertical"
        initialValues={initialValues}
        key={policy?.id ?? 'new'}
      >
        <Form.Item
          name="name"
          label={t('serviceRules:field.name')}
          rules={[{ required: true, whitespace: true, message: t('serviceRules:validation.name') }]}
        >
          <Input maxLength={100} placeholder={t('serviceRules:escalation.policyNamePlaceholder')} />
        </Form.Item>
        <Space size={16} align="start" wrap style={{ width: '100%' }}>
          <Form.Item name="scope" label={t('serviceRules:escalation.field.scope')} style={{ minWidth: 260 }}>
            <Select
              options={[
                { value: GROUP, label: t('serviceRules:escalation.scopeGroup') },
                ...companies.options.map((c) => ({ value: c.value, label: c.label })),
              ]}
            />
          </Form.Item>
          <Form.Item
            name="ticketType"
            label={t('serviceRules:escalation.field.ticketType')}
            style={{ minWidth: 180 }}
            extra={t('serviceRules:escalation.anyType')}
          >
            <Select allowClear options={typeOptions} placeholder={t('serviceRules:any')} />
          </Form.Item>
          <Form.Item
            name="catalogueNodeId"
            label={t('serviceRules:field.catalogue')}
            style={{ minWidth: 300 }}
            extra={t('serviceRules:escalation.catalogueHelp')}
          >
            <CatalogueTreeSelect placeholder={t('serviceRules:any')} />
          </Form.Item>
          <Form.Item name="active" label={t('serviceRules:field.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('serviceRules:escalation.levels')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('serviceRules:escalation.levelsHelp')}</Typography.Paragraph>
        <LevelsEditor />
      </Form>
    </Drawer>
  );
}

/** 升级规则: the escalation ladders by company, ticket type and catalogue subtree. */
export default function EscalationPoliciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [editing, setEditing] = useState<{ policy?: EscalationPolicy } | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const typeOptions = useTicketTypeOptions();
  const catalogue = useCatalogue();
  const { data: defaultLadder } = useQueryData(() => unwrap(api.GET('/api/escalation-policies/default')), []);
  const defaults = useMemo(() => defaultLadder?.levels ?? [], [defaultLadder]);
  const reload = () => void actionRef.current?.reload();

  const remove = async (p: EscalationPolicy) => {
    try {
      await unwrap(api.DELETE('/api/escalation-policies/{id}', { params: { path: { id: p.id } } }));
      message.success(t('serviceRules:deleted'));
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ProColumns<EscalationPolicy>[] = [
    {
      title: t('serviceRules:field.name'),
      dataIndex: 'name',
      width: 200,
      render: (_, p) =>
        p.editable ? (
          <Typography.Link strong onClick={() => setEditing({ policy: p })}>
            {p.name}
          </Typography.Link>
        ) : (
          <Typography.Text strong>{p.name}</Typography.Text>
        ),
    },
    {
      title: t('serviceRules:escalation.field.scope'),
      dataIndex: 'companyId',
      width: 160,
      render: (_, p) =>
        p.companyId ? (
          p.companyName
        ) : (
          <Tag color="gold" bordered={false}>
            {t('serviceRules:escalation.scopeGroup')}
          </Tag>
        ),
    },
    {
      title: t('serviceRules:escalation.field.ticketType'),
      dataIndex: 'ticketType',
      width: 100,
      render: (_, p) =>
        p.ticketType ? (typeOptions.find((o) => o.value === p.ticketType)?.label ?? p.ticketType) : dash,
    },
    {
      title: t('serviceRules:field.catalogue'),
      dataIndex: 'catalogueNodeId',
      width: 160,
      render: (_, p) => (p.catalogueNodeId ? (p.catalogueNodeName ?? catalogue.name(p.catalogueNodeId)) : dash),
    },
    {
      title: t('serviceRules:escalation.levels'),
      dataIndex: 'levels',
      render: (_, p) => (
        <div style={{ lineHeight: 1.7 }}>
          {p.levels.map((l) => (
            <div key={l.level}>
              <Tag bordered={false} color="red" style={{ marginInlineEnd: 6 }}>
                L{l.level}
              </Tag>
              {l.name}
              <Typography.Text type="secondary"> · {minutesText(l.afterMinutes, t)}</Typography.Text>
            </div>
          ))}
        </div>
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
      width: 110,
      render: (_, p) =>
        p.editable
          ? [
              <Typography.Link key="edit" onClick={() => setEditing({ policy: p })}>
                {t('common:edit')}
              </Typography.Link>,
              <Popconfirm
                key="delete"
                title={t('serviceRules:escalation.confirmDelete', { name: p.name })}
                onConfirm={() => remove(p)}
              >
                <Typography.Link type="danger">{t('common:delete')}</Typography.Link>
              </Popconfirm>,
            ]
          : [],
    },
  ];

  return (
    <PageContainer title={t('serviceRules:escalation.title')} content={t('serviceRules:escalation.subtitle')}>
      <Alert type="info" showIcon message={t('serviceRules:escalation.seniorNote')} style={{ marginBottom: 16 }} />
      {count === 0 && defaults.length > 0 && <ProCardDefault levels={defaults} onlyOne />}
      <ProTable<EscalationPolicy>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        size="middle"
        scroll={{ x: 1100 }}
        pagination={false}
        options={{ reload: true, density: false, setting: false }}
        locale={{ emptyText: t('serviceRules:escalation.empty') }}
        headerTitle={t('serviceRules:escalation.listTitle')}
        request={async () => {
          try {
            const rows = await listPolicies();
            setCount(rows.length);
            return { data: rows, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], success: false };
          }
        }}
        toolBarRender={() => [
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('serviceRules:escalation.create')}
          </Button>,
        ]}
      />
      {count !== null && count > 0 && defaults.length > 0 && <ProCardDefault levels={defaults} />}
      <PolicyEditor
        open={!!editing}
        policy={editing?.policy}
        defaults={defaults}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </PageContainer>
  );
}

/** 内置默认升级规则: what applies while no ladder is configured, read-only. */
function ProCardDefault({ levels, onlyOne }: { levels: readonly Level[]; onlyOne?: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        background: '#fff',
        borderRadius: 8,
        padding: 16,
        border: '1px solid #f0f0f0',
        ...(onlyOne ? { marginBottom: 16 } : { marginTop: 16 }),
      }}
      data-testid="default-ladder"
    >
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Space>
          <Typography.Text strong>{t('serviceRules:escalation.defaultTitle')}</Typography.Text>
          <Tag bordered={false}>{t('serviceRules:escalation.readOnly')}</Tag>
        </Space>
        <Typography.Text type="secondary">
          {onlyOne ? t('serviceRules:escalation.defaultHelp') : t('serviceRules:escalation.fallbackHelp')}
        </Typography.Text>
        <LadderTable levels={levels} />
      </Space>
    </div>
  );
}
