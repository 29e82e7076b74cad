import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ProDescriptions } from '@ant-design/pro-components';
import { Alert, App, Button, Drawer, Popconfirm, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { ScopeForm } from './ScopeForm';
import { ActiveTag, type Contractor, type Scope } from './shared';

const none = <Typography.Text type="secondary">-</Typography.Text>;
const text = (value: ReactNode) => (value === null || value === undefined || value === '' ? none : value);

/** A contractor's details and its work scopes (施工范围) with their warranties; with the right, editing. */
export function ContractorDrawer({
  contractorId,
  version,
  onClose,
  onEdit,
  onChanged,
}: {
  contractorId: string | null;
  /** Bumped after an edit elsewhere so the drawer reloads. */
  version: number;
  onClose: () => void;
  onEdit: (contractor: Contractor) => void;
  /** Scopes changed: the list's projects and trades may have too. */
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can(access.manageContractors);
  const [reloads, setReloads] = useState(0);
  const [editing, setEditing] = useState<{ scope?: Scope } | null>(null);
  const detail = useQueryData(
    async () =>
      contractorId ? unwrap(api.GET('/api/contractors/{id}', { params: { path: { id: contractorId } } })) : null,
    [contractorId, version, reloads],
  );
  const scopes = useQueryData(
    async () =>
      contractorId ? unwrap(api.GET('/api/contractors/{id}/scopes', { params: { path: { id: contractorId } } })) : [],
    [contractorId, version, reloads],
  );
  const contractor = detail.data && detail.data.id === contractorId ? detail.data : null;
  const rows = scopes.data?.every((s) => s.contractorId === contractorId) ? scopes.data : [];
  const changed = () => {
    setReloads((n) => n + 1);
    onChanged();
  };

  const remove = async (scope: Scope) => {
    if (!contractor) return;
    try {
      await unwrap(
        api.DELETE('/api/contractors/{id}/scopes/{scopeId}', {
          params: { path: { id: contractor.id, scopeId: scope.id } },
        }),
      );
      message.success(t('contractors:message.scopeRemoved'));
      changed();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Drawer
      open={!!contractorId}
      onClose={onClose}
      width={860}
      title={
        contractor ? (
          <Space size={8}>
            <span>{contractor.name}</span>
            <ActiveTag active={contractor.active} />
          </Space>
        ) : (
          t('contractors:drawer.title')
        )
      }
      extra={
        contractor && canManage && contractor.editable ? (
          <Button icon={<EditOutlined />} onClick={() => onEdit(contractor)}>
            {t('common:edit')}
          </Button>
        ) : null
      }
      data-testid="contractor-drawer"
    >
      {detail.error && !contractor ? (
        <Alert type="error" showIcon message={errorText(detail.error)} />
      ) : !contractor ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          {!contractor.active && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('contractors:drawer.disabledNotice')}
            />
          )}
          <ProDescriptions column={2} bordered size="small" labelStyle={{ width: 140 }}>
            <ProDescriptions.Item label={t('contractors:field.code')}>{contractor.code}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.company')}>{contractor.companyName}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.name')} span={2}>
              <Typography.Text strong>{contractor.name}</Typography.Text>
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.uscc')} span={2}>
              {contractor.uscc ? <Typography.Text copyable>{contractor.uscc}</Typography.Text> : none}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.contactName')}>
              {text(contractor.contactName)}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.contactMobile')}>
              {contractor.contactMobile ? <Typography.Text copyable>{contractor.contactMobile}</Typography.Text> : none}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.phone')}>{text(contractor.phone)}</ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.updatedAt')}>
              {dayjs(contractor.updatedAt).format('YYYY-MM-DD HH:mm')}
            </ProDescriptions.Item>
            <ProDescriptions.Item label={t('contractors:field.notes')} span={2}>
              {text(contractor.notes)}
            </ProDescriptions.Item>
          </ProDescriptions>

          <div
            style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', margin: '24px 0 12px' }}
          >
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('contractors:drawer.scopes')}
              <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginLeft: 8 }}>
                {t('contractors:drawer.scopesCount', { count: rows.length })}
              </Typography.Text>
            </Typography.Title>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                {t('contractors:drawer.addScope')}
              </Button>
            )}
          </div>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('contractors:drawer.scopeHint')}
          </Typography.Paragraph>
          <Table<Scope>
            rowKey="id"
            size="small"
            loading={scopes.loading}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: t('contractors:drawer.noScopes') }}
            data-testid="contractor-scopes"
            columns={[
              { title: t('contractors:scope.project'), dataIndex: 'projectName', width: 96 },
              {
                title: t('contractors:scope.building'),
                dataIndex: 'buildingName',
                width: 96,
                render: (_, s) =>
                  s.buildingName ?? (
                    <Typography.Text type="secondary">{t('contractors:scope.allBuildings')}</Typography.Text>
                  ),
              },
              { title: t('contractors:scope.trade'), dataIndex: 'tradeLabel' },
              {
                title: t('contractors:scope.warranty'),
                dataIndex: 'warranty',
                width: 110,
                render: (_, s) => (
                  <Tooltip
                    title={
                      s.statutoryMinimum
                        ? t('contractors:scope.statutory', { label: s.statutoryMinimum.label })
                        : t('contractors:scope.noStatutory')
                    }
                  >
                    <Typography.Text strong>{s.warranty.label}</Typography.Text>
                  </Tooltip>
                ),
              },
              {
                title: t('contractors:scope.start'),
                dataIndex: 'startDate',
                width: english ? 170 : 150,
                render: (_, s) =>
                  s.startDate
                    ? t('contractors:scope.fromDate', { date: s.startDate })
                    : t('contractors:scope.fromDelivery'),
              },
              ...(canManage
                ? [
                    {
                      title: t('common:actions'),
                      key: 'actions',
                      width: english ? 130 : 100,
                      render: (_: unknown, s: Scope) => (
                        <Space size={12}>
                          <Typography.Link onClick={() => setEditing({ scope: s })}>{t('common:edit')}</Typography.Link>
                          <Popconfirm title={t('contractors:scope.confirmRemove')} onConfirm={() => remove(s)}>
                            <Typography.Link type="danger">{t('contractors:scope.remove')}</Typography.Link>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {canManage && (
            <ScopeForm
              open={!!editing}
              contractor={contractor}
              scope={editing?.scope}
              onClose={() => setEditing(null)}
              onSaved={() => {
                setEditing(null);
                changed();
              }}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
