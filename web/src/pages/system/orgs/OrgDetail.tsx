import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ProCard, ProDescriptions } from '@ant-design/pro-components';
import { App, Badge, Breadcrumb, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { errorText } from '../../../components/problem';
import { KindIcon } from './kindIcon';
import { ancestorsOf, type OrgIndex, type OrgNode } from './tree';

interface Props {
  node: OrgNode;
  index: OrgIndex;
  canManage: boolean;
  /** Managing is allowed but this node lies outside the user's own scope. */
  outOfScope: boolean;
  onSelect: (id: string) => void;
  onCreateChild: () => void;
  onEdit: () => void;
  onDeleted: (parentId: string | null) => void;
}

function StatusBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? (
    <Badge status="success" text={t('common:enabled')} />
  ) : (
    <Badge status="default" text={t('common:disabled')} />
  );
}

/** The right-hand pane of 组织架构: the chosen node, its actions and its direct children. */
export function OrgDetail({ node, index, canManage, outOfScope, onSelect, onCreateChild, onEdit, onDeleted }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [deleting, setDeleting] = useState(false);
  const totals = index.totals.get(node.id) ?? { projects: 0, users: 0 };
  const ancestors = ancestorsOf(index, node.id);
  const parent = ancestors[ancestors.length - 1];

  const withTotal = (own: number, total: number) =>
    total > own ? (
      <Space size={6}>
        <span>{own}</span>
        <Typography.Text type="secondary">{t('orgs:detail.includingBelow', { count: total })}</Typography.Text>
      </Space>
    ) : (
      own
    );

  const remove = async () => {
    setDeleting(true);
    try {
      await unwrap(api.DELETE('/api/orgs/{id}', { params: { path: { id: node.id } } }));
      message.success(t('orgs:message.deleted'));
      onDeleted(node.parentId);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setDeleting(false);
    }
  };

  const scopeHint = outOfScope ? t('orgs:detail.outOfScope') : undefined;
  const actions = canManage ? (
    <Space>
      <Tooltip title={scopeHint}>
        <Button type="primary" icon={<PlusOutlined />} disabled={outOfScope} onClick={onCreateChild}>
          {t('orgs:action.addChild')}
        </Button>
      </Tooltip>
      <Tooltip title={scopeHint}>
        <Button icon={<EditOutlined />} disabled={outOfScope} onClick={onEdit}>
          {t('common:edit')}
        </Button>
      </Tooltip>
      {node.kind === 'group' || outOfScope ? (
        <Tooltip title={scopeHint ?? t('orgs:detail.groupNotDeletable')}>
          <Button danger icon={<DeleteOutlined />} disabled>
            {t('common:delete')}
          </Button>
        </Tooltip>
      ) : (
        <Popconfirm
          title={t('orgs:action.deleteConfirmTitle', { name: node.name })}
          description={t('orgs:action.deleteConfirmDescription')}
          okText={t('common:delete')}
          cancelText={t('common:cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={remove}
        >
          <Button danger icon={<DeleteOutlined />} loading={deleting}>
            {t('common:delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  ) : null;

  return (
    <>
      <ProCard
        title={
          <Space size={8} style={{ whiteSpace: 'nowrap' }}>
            <KindIcon kind={node.kind} style={{ fontSize: 18 }} />
            <span>{node.name}</span>
            <Tag>{t(`common:orgKind.${node.kind}`)}</Tag>
            {!node.active && <Tag color="default">{t('common:disabled')}</Tag>}
          </Space>
        }
        extra={actions}
        headerBordered
      >
        {ancestors.length > 0 && (
          <Breadcrumb
            style={{ marginBottom: 12, fontSize: 13 }}
            items={[
              { title: <Typography.Text type="secondary">{t('orgs:detail.path')}</Typography.Text> },
              ...ancestors.map((a) => ({
                title: <Typography.Link onClick={() => onSelect(a.id)}>{a.name}</Typography.Link>,
              })),
              { title: node.name },
            ]}
          />
        )}
        <ProDescriptions column={2} bordered size="small" labelStyle={{ width: 120 }}>
          <ProDescriptions.Item label={t('orgs:field.name')}>{node.name}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.code')}>
            <Typography.Text copyable>{node.code}</Typography.Text>
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.kind')}>
            <Space size={4}>
              <KindIcon kind={node.kind} />
              {t(`common:orgKind.${node.kind}`)}
            </Space>
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.parent')}>{parent?.name ?? '-'}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.phone')}>{node.phone || '-'}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.status')}>
            <StatusBadge active={node.active} />
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.address')} span={2}>
            {node.address || '-'}
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.projectCount')}>
            {withTotal(node.projectCount, totals.projects)}
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.userCount')}>
            {withTotal(node.userCount, totals.users)}
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.sortOrder')}>{node.sortOrder}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('orgs:field.childCount')}>{node.children.length}</ProDescriptions.Item>
        </ProDescriptions>
      </ProCard>
      <ProCard
        title={t('orgs:detail.children')}
        headerBordered
        style={{ marginTop: 16 }}
        extra={<Typography.Text type="secondary">{t('orgs:detail.childrenHint')}</Typography.Text>}
      >
        <Table<OrgNode>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={node.children}
          // The rows are shown flat: their own `children` are not to be expanded here.
          expandable={{ childrenColumnName: 'noNesting' }}
          locale={{ emptyText: t('orgs:detail.noChildren') }}
          onRow={(record) => ({ onClick: () => onSelect(record.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('orgs:field.name'),
              dataIndex: 'name',
              render: (_, r) => (
                <Space size={6}>
                  <KindIcon kind={r.kind} />
                  <Typography.Link>{r.name}</Typography.Link>
                </Space>
              ),
            },
            { title: t('orgs:field.code'), dataIndex: 'code' },
            { title: t('orgs:field.kind'), dataIndex: 'kind', render: (_, r) => t(`common:orgKind.${r.kind}`) },
            {
              title: t('orgs:field.projectCount'),
              dataIndex: 'projectCount',
              align: 'right',
              render: (_, r) => index.totals.get(r.id)?.projects ?? r.projectCount,
            },
            {
              title: t('orgs:field.userCount'),
              dataIndex: 'userCount',
              align: 'right',
              render: (_, r) => index.totals.get(r.id)?.users ?? r.userCount,
            },
            {
              title: t('orgs:field.status'),
              dataIndex: 'active',
              render: (_, r) => <StatusBadge active={r.active} />,
            },
          ]}
        />
      </ProCard>
    </>
  );
}
