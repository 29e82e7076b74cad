import { PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { errorText } from '../../components/problem';
import { type Project, ProjectForm } from './projects/ProjectForm';

interface Filters {
  keyword?: string;
  companyId?: string;
}

export default function ProjectsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const filters = useRef<Filters>({});
  const [editing, setEditing] = useState<{ project?: Project } | null>(null);
  const canManage = can(access.manageProjects);

  const columns: ProColumns<Project>[] = [
    {
      title: t('projects:filter.keyword'),
      dataIndex: 'keyword',
      hideInTable: true,
      fieldProps: { placeholder: t('projects:filter.keywordPlaceholder') },
    },
    {
      title: t('projects:field.company'),
      dataIndex: 'companyId',
      hideInTable: true,
      renderFormItem: () => <OrgTreeSelect selectableKinds={['company']} placeholder={t('projects:filter.company')} />,
    },
    {
      title: t('projects:field.code'),
      dataIndex: 'code',
      width: 130,
      search: false,
      render: (_, r) => <Typography.Text copyable={{ text: r.code }}>{r.code}</Typography.Text>,
    },
    {
      title: t('projects:field.name'),
      dataIndex: 'name',
      search: false,
      render: (_, r) => <Typography.Text strong>{r.name}</Typography.Text>,
    },
    { title: t('projects:field.company'), dataIndex: 'companyName', search: false },
    {
      title: t('projects:field.office'),
      dataIndex: 'orgName',
      search: false,
      render: (_, r) =>
        r.orgId === r.companyId ? (
          <Typography.Text type="secondary">{t('projects:directlyUnderCompany')}</Typography.Text>
        ) : (
          r.orgName
        ),
    },
    {
      title: t('projects:field.timeZone'),
      dataIndex: 'timeZone',
      search: false,
      width: 150,
      render: (_, r) => (
        <Tooltip title={t(`projects:timeZone.${r.timeZone}`, { defaultValue: r.timeZone })}>
          <Tag bordered={false}>{r.timeZone}</Tag>
        </Tooltip>
      ),
    },
    { title: t('projects:field.address'), dataIndex: 'address', search: false, ellipsis: true },
    {
      title: t('projects:field.createdAt'),
      dataIndex: 'createdAt',
      search: false,
      width: 150,
      render: (_, r) => dayjs(r.createdAt).format('YYYY-MM-DD HH:mm'),
    },
    ...(canManage
      ? [
          {
            title: t('common:actions'),
            valueType: 'option' as const,
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, r: Project) => [
              <Typography.Link key="edit" onClick={() => setEditing({ project: r })}>
                {t('common:edit')}
              </Typography.Link>,
            ],
          },
        ]
      : []),
  ];

  return (
    <PageContainer title={t('projects:title')} content={t('projects:subtitle')}>
      <ProTable<Project, Filters>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        scroll={{ x: 1100 }}
        headerTitle={t('projects:listTitle')}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, reload: true, setting: true, fullScreen: false }}
        locale={{ emptyText: t('projects:empty') }}
        request={async (params) => {
          const { current = 1, pageSize = 20, keyword, companyId } = params;
          filters.current = { keyword: keyword?.trim() || undefined, companyId: companyId || undefined };
          try {
            const page = await unwrap(
              api.GET('/api/projects', { params: { query: { current, pageSize, ...filters.current } } }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <ExportButton key="export" path="/api/projects/export" params={() => ({ ...filters.current })} />,
          canManage && (
            <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('projects:create')}
            </Button>
          ),
        ]}
      />
      <ProjectForm
        open={!!editing}
        project={editing?.project}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void actionRef.current?.reload();
        }}
      />
    </PageContainer>
  );
}
