import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Badge, Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton, filtersOf } from '../../components/ExportButton';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { type IssuedPassword, IssuedPasswordModal } from './users/IssuedPasswordModal';
import type { UserRow } from './users/types';
import { type PositionOption, UserForm } from './users/UserForm';

type Query = NonNullable<paths['/api/users']['get']['parameters']['query']>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const scopeColors = { all: 'gold', org: 'blue', projects: 'green' } as const;

function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '';
}

/** Keeps only what GET /api/users accepts; ProTable adds its own keys (such as _timestamp). */
function toQuery(params: Record<string, unknown>): Query {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const active: Query['active'] = params.active === 'true' || params.active === 'false' ? params.active : undefined;
  return {
    current: Number(params.current) || 1,
    pageSize: Number(params.pageSize) || 20,
    keyword: text(params.keyword),
    orgId: text(params.orgId),
    roleId: text(params.roleId),
    active,
  };
}

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const canManage = can(access.manageUsers);
  const english = i18n.language === 'en-US';
  const actionRef = useRef<ActionType>(undefined);
  const lastQuery = useRef<Record<string, unknown>>({});
  const [searchParams, setSearchParams] = useSearchParams();
  const [initialRoleId] = useState(() => {
    const id = searchParams.get('roleId');
    return id && uuidPattern.test(id) ? id : undefined;
  });

  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<UserRow | undefined>(undefined);
  const [formKey, setFormKey] = useState(0);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);

  const roles = useQueryData(() => unwrap(api.GET('/api/roles/options')), []);
  const positionItems = useQueryData(
    () => unwrap(api.GET('/api/dictionary-items/{code}', { params: { path: { code: 'position' } } })),
    [],
  );

  const roleOptions = useMemo(() => (roles.data ?? []).map((r) => ({ value: r.id, label: r.name })), [roles.data]);
  const positionOptions = useMemo<PositionOption[]>(
    () =>
      (positionItems.data ?? [])
        .filter((item) => item.active)
        .map((item) => ({ value: item.label, label: english && item.labelEn ? item.labelEn : item.label })),
    [positionItems.data, english],
  );
  const positionLabel = useMemo(() => {
    const labels = new Map(positionOptions.map((o) => [o.value, o.label]));
    return (value: string) => labels.get(value) ?? value;
  }, [positionOptions]);

  const reload = () => actionRef.current?.reload();

  const change = async (row: UserRow, call: (id: string) => Promise<unknown>, done: string): Promise<void> => {
    try {
      await call(row.id);
      message.success(done);
      reload();
    } catch (e) {
      showProblem(message, e);
    }
  };

  const resetPassword = async (row: UserRow) => {
    try {
      const result = await unwrap(
        api.POST('/api/users/{id}/reset-password', { params: { path: { id: row.id } }, body: {} }),
      );
      message.success(t('users:message.passwordReset'));
      setIssued({ kind: 'reset', name: row.name, username: row.username, password: result.issuedPassword });
      reload();
    } catch (e) {
      showProblem(message, e);
    }
  };

  const openForm = (row?: UserRow) => {
    setEditing(row);
    setFormKey((k) => k + 1);
    setFormOpen(true);
  };

  const columns: ProColumns<UserRow>[] = [
    {
      title: t('users:column.keyword'),
      dataIndex: 'keyword',
      hideInTable: true,
      fieldProps: { placeholder: t('users:keywordPlaceholder'), allowClear: true },
    },
    {
      title: t('users:column.username'),
      dataIndex: 'username',
      search: false,
      width: 105,
      render: (_, row) => <Typography.Text strong>{row.username}</Typography.Text>,
    },
    { title: t('users:column.name'), dataIndex: 'name', search: false, width: 72 },
    {
      title: t('users:column.mobile'),
      dataIndex: 'mobile',
      search: false,
      width: 100,
      render: (_, row) => (
        <>
          {row.mobile ?? <Typography.Text type="secondary">-</Typography.Text>}
          {row.extension && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('users:column.extensionOf', { extension: row.extension })}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t('users:column.org'),
      dataIndex: 'orgId',
      width: english ? 110 : 120,
      ellipsis: true,
      renderFormItem: () => <OrgTreeSelect />,
      render: (_, row) => row.orgName,
    },
    {
      title: t('users:column.positions'),
      dataIndex: 'positions',
      search: false,
      width: 96,
      render: (_, row) =>
        row.positions.length ? (
          <Space size={[0, 4]} wrap>
            {row.positions.map((p) => (
              <Tag key={p} style={{ whiteSpace: 'normal', marginInlineEnd: 4 }}>
                {positionLabel(p)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">-</Typography.Text>
        ),
    },
    {
      title: t('users:column.role'),
      dataIndex: 'roleId',
      hideInTable: true,
      valueType: 'select',
      initialValue: initialRoleId,
      fieldProps: {
        options: roleOptions,
        showSearch: true,
        optionFilterProp: 'label',
        placeholder: t('users:rolePlaceholder'),
        loading: roles.loading,
      },
    },
    {
      title: t('users:column.assignments'),
      dataIndex: 'assignments',
      search: false,
      width: 174,
      render: (_, row) =>
        row.assignments.length ? (
          <Space size={[0, 4]} wrap>
            {row.assignments.map((a) => {
              const text = t('users:assignmentTag', { role: a.roleName, scope: a.scopeLabel });
              return (
                <Tooltip key={a.id} title={text}>
                  <Tag color={scopeColors[a.scopeKind]} style={{ whiteSpace: 'normal', marginInlineEnd: 4 }}>
                    {text}
                  </Tag>
                </Tooltip>
              );
            })}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('users:noRole')}</Typography.Text>
        ),
    },
    {
      title: t('users:column.status'),
      dataIndex: 'active',
      valueType: 'select',
      width: 140,
      fieldProps: { placeholder: t('users:statusPlaceholder') },
      valueEnum: {
        true: { text: t('users:status.active'), status: 'Success' },
        false: { text: t('users:status.inactive'), status: 'Default' },
      },
      render: (_, row) => (
        <Space direction="vertical" size={2}>
          <Badge
            status={row.active ? 'success' : 'default'}
            text={row.active ? t('users:status.active') : t('users:status.inactive')}
          />
          {row.locked && (
            <div data-testid="locked">
              <Tag color="error" icon={<LockOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('users:status.locked')}
              </Tag>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {t('users:status.until', { time: formatTime(row.lockedUntil) })}
                </Typography.Text>
              </div>
            </div>
          )}
          {row.mustChangePassword && row.active && (
            <Tooltip title={t('users:status.pendingPasswordTip')}>
              <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                {t('users:status.pendingPassword')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('users:column.lastLogin'),
      dataIndex: 'lastLoginAt',
      search: false,
      width: 130,
      render: (_, row) =>
        row.lastLoginAt ? (
          formatTime(row.lastLoginAt)
        ) : (
          <Typography.Text type="secondary">{t('users:neverLoggedIn')}</Typography.Text>
        ),
    },
  ];

  if (canManage) {
    columns.push({
      title: t('common:actions'),
      valueType: 'option',
      key: 'option',
      fixed: 'right',
      width: english ? 170 : 160,
      render: (_, row) => {
        const self = row.id === me?.id;
        const actions = [
          <Typography.Link key="edit" onClick={() => openForm(row)}>
            {t('users:action.edit')}
          </Typography.Link>,
          row.active ? (
            self ? null : (
              <Popconfirm
                key="disable"
                title={t('users:action.disableConfirm', { name: row.name })}
                description={t('users:action.disableHint')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  change(
                    row,
                    (id) => unwrap(api.POST('/api/users/{id}/disable', { params: { path: { id } } })),
                    t('users:message.disabled'),
                  )
                }
              >
                <Typography.Link type="danger">{t('users:action.disable')}</Typography.Link>
              </Popconfirm>
            )
          ) : (
            <Popconfirm
              key="enable"
              title={t('users:action.enableConfirm', { name: row.name })}
              onConfirm={() =>
                change(
                  row,
                  (id) => unwrap(api.POST('/api/users/{id}/enable', { params: { path: { id } } })),
                  t('users:message.enabled'),
                )
              }
            >
              <Typography.Link>{t('users:action.enable')}</Typography.Link>
            </Popconfirm>
          ),
          <Popconfirm
            key="reset"
            title={t('users:action.resetConfirm', { name: row.name })}
            description={t('users:action.resetHint')}
            onConfirm={() => resetPassword(row)}
          >
            <Typography.Link>{t('users:action.resetPassword')}</Typography.Link>
          </Popconfirm>,
          row.locked ? (
            <Typography.Link
              key="unlock"
              onClick={() =>
                change(
                  row,
                  (id) => unwrap(api.POST('/api/users/{id}/unlock', { params: { path: { id } } })),
                  t('users:message.unlocked'),
                )
              }
            >
              {t('users:action.unlock')}
            </Typography.Link>
          ) : null,
        ];
        return (
          <Space size={[12, 2]} wrap style={{ whiteSpace: 'nowrap' }}>
            {actions}
          </Space>
        );
      },
    });
  }

  return (
    <PageContainer title={t('users:title')} content={t('users:description')}>
      <ProTable<UserRow>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        scroll={{ x: 1097 }}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        columnsState={{ persistenceKey: 'linli.users.columns', persistenceType: 'localStorage' }}
        request={async (params) => {
          const query = toQuery(params);
          lastQuery.current = query;
          if ((query.roleId ?? null) !== searchParams.get('roleId')) {
            setSearchParams(query.roleId ? { roleId: query.roleId } : {}, { replace: true });
          }
          try {
            const page = await unwrap(api.GET('/api/users', { params: { query } }));
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <ExportButton key="export" path="/api/users/export" params={() => filtersOf(lastQuery.current)} />,
          canManage && (
            <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => openForm()}>
              {t('users:action.create')}
            </Button>
          ),
        ]}
      />
      {canManage && (
        <UserForm
          key={formKey}
          open={formOpen}
          user={editing}
          roles={roles.data ?? []}
          rolesLoading={roles.loading}
          positions={positionOptions}
          onOpenChange={setFormOpen}
          onCreated={({ user, issuedPassword }) => {
            setFormOpen(false);
            setIssued({ kind: 'created', name: user.name, username: user.username, password: issuedPassword });
            reload();
          }}
          onSaved={() => {
            setFormOpen(false);
            reload();
          }}
        />
      )}
      <IssuedPasswordModal issued={issued} onClose={() => setIssued(null)} />
    </PageContainer>
  );
}
