import { PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { RoleForm } from './roles/RoleForm';
import type { RoleRow } from './roles/types';

export default function RolesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const canManage = can(access.manageRoles);
  const canSeeUsers = can(access.users);
  const english = i18n.language === 'en-US';
  const actionRef = useRef<ActionType>(undefined);

  const [formOpen, setFormOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<RoleRow | undefined>(undefined);

  // The labels follow the language, so the catalogue is reloaded when it changes.
  const catalogue = useQueryData(() => unwrap(api.GET('/api/permissions')), [i18n.language]);
  const permissionLabel = useMemo(() => {
    const labels = new Map((catalogue.data ?? []).flatMap((m) => m.permissions.map((p) => [p.code, p.label])));
    return (code: string) => labels.get(code) ?? code;
  }, [catalogue.data]);

  const openForm = (row?: RoleRow) => {
    setEditing(row);
    setFormKey((k) => k + 1);
    setFormOpen(true);
  };

  const remove = async (row: RoleRow) => {
    try {
      await unwrap(api.DELETE('/api/roles/{id}', { params: { path: { id: row.id } } }));
      message.success(t('roles:message.deleted'));
      actionRef.current?.reload();
    } catch (e) {
      showProblem(message, e);
    }
  };

  const columns: ProColumns<RoleRow>[] = [
    {
      title: t('roles:column.name'),
      dataIndex: 'name',
      width: 120,
      render: (_, row) => <Typography.Text strong>{row.name}</Typography.Text>,
    },
    {
      title: t('roles:column.code'),
      dataIndex: 'code',
      width: 165,
      render: (_, row) => <Typography.Text code>{row.code}</Typography.Text>,
    },
    {
      title: t('roles:column.description'),
      dataIndex: 'description',
      render: (_, row) => row.description || <Typography.Text type="secondary">-</Typography.Text>,
    },
    {
      title: t('roles:column.builtin'),
      dataIndex: 'builtin',
      width: 80,
      render: (_, row) => (row.builtin ? <Tag color="blue">{t('roles:builtin')}</Tag> : <Tag>{t('roles:custom')}</Tag>),
    },
    {
      title: t('roles:column.permissionCount'),
      dataIndex: 'permissions',
      width: english ? 100 : 70,
      align: 'right',
      render: (_, row) => (
        <Tooltip
          title={
            row.permissions.length ? (
              <div>
                {row.permissions.map((code) => (
                  <div key={code}>{permissionLabel(code)}</div>
                ))}
              </div>
            ) : undefined
          }
        >
          <span style={{ cursor: row.permissions.length ? 'help' : undefined }}>{row.permissions.length}</span>
        </Tooltip>
      ),
    },
    { title: t('roles:column.userCount'), dataIndex: 'userCount', width: 70, align: 'right' },
    {
      title: t('roles:column.updatedAt'),
      dataIndex: 'updatedAt',
      width: 135,
      render: (_, row) => dayjs(row.updatedAt).format('YYYY-MM-DD HH:mm'),
    },
  ];

  if (canManage || canSeeUsers) {
    columns.push({
      title: t('common:actions'),
      valueType: 'option',
      key: 'option',
      fixed: 'right',
      width: english ? 170 : 150,
      render: (_, row) => {
        const blocked = row.builtin
          ? t('roles:action.builtinNoDelete')
          : row.userCount > 0
            ? t('roles:action.inUseNoDelete', { count: row.userCount })
            : null;
        return [
          canSeeUsers && (
            <Typography.Link key="members" onClick={() => navigate(`/system/users?roleId=${row.id}`)}>
              {t('roles:action.members')}
            </Typography.Link>
          ),
          canManage && (
            <Typography.Link key="edit" onClick={() => openForm(row)}>
              {t('roles:action.edit')}
            </Typography.Link>
          ),
          canManage &&
            (blocked ? (
              <Tooltip key="delete" title={blocked}>
                <Typography.Link disabled>{t('roles:action.delete')}</Typography.Link>
              </Tooltip>
            ) : (
              <Popconfirm
                key="delete"
                title={t('roles:action.deleteConfirm', { name: row.name })}
                description={t('roles:action.deleteHint')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove(row)}
              >
                <Typography.Link type="danger">{t('roles:action.delete')}</Typography.Link>
              </Popconfirm>
            )),
        ].filter(Boolean);
      },
    });
  }

  return (
    <PageContainer title={t('roles:title')} content={t('roles:description')}>
      <ProTable<RoleRow>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        size="middle"
        scroll={{ x: 960 }}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        options={{
          density: true,
          setting: true,
          reload: true,
          fullScreen: false,
          search: { placeholder: t('roles:searchPlaceholder'), allowClear: true, style: { width: 240 } },
        }}
        request={async (params) => {
          try {
            const rows = await unwrap(api.GET('/api/roles'));
            const keyword = typeof params.keyword === 'string' ? params.keyword.trim().toLowerCase() : '';
            const data = keyword
              ? rows.filter(
                  (r) =>
                    r.name.toLowerCase().includes(keyword) ||
                    r.code.toLowerCase().includes(keyword) ||
                    (r.description ?? '').toLowerCase().includes(keyword),
                )
              : rows;
            return { data, total: data.length, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <ExportButton key="export" path="/api/roles/export" params={() => ({})} />,
          canManage && (
            <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => openForm()}>
              {t('roles:action.create')}
            </Button>
          ),
        ]}
      />
      {canManage && (
        <RoleForm
          key={formKey}
          open={formOpen}
          role={editing}
          catalogue={catalogue.data ?? []}
          catalogueLoading={catalogue.loading}
          onOpenChange={setFormOpen}
          onSaved={() => {
            setFormOpen(false);
            actionRef.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
