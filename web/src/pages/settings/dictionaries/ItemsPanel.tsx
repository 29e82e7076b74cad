import { PlusOutlined } from '@ant-design/icons';
import { type ActionType, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Badge, Button, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { errorText } from '../../../components/problem';
import { ItemForm } from './ItemForm';
import type { Dictionary, DictionaryItem } from './types';

/** The items of one dictionary, inactive ones included, with inline enabling and a form for the rest. */
export function ItemsPanel({
  dictionary,
  canManage,
  onItemsChanged,
}: {
  dictionary: Dictionary;
  canManage: boolean;
  /** Items were added or removed: the dictionary list shows counts. */
  onItemsChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [items, setItems] = useState<DictionaryItem[]>([]);
  const [editing, setEditing] = useState<{ item?: DictionaryItem } | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const nextSortOrder = items.reduce((max, i) => Math.max(max, i.sortOrder), 0) + 10;

  const toggle = async (item: DictionaryItem, active: boolean) => {
    setToggling(item.id);
    try {
      await unwrap(
        api.PUT('/api/dictionaries/{id}/items/{itemId}', {
          params: { path: { id: dictionary.id, itemId: item.id } },
          body: { code: item.code, label: item.label, labelEn: item.labelEn, sortOrder: item.sortOrder, active },
        }),
      );
      message.success(active ? t('dictionaries:message.itemEnabled') : t('dictionaries:message.itemDisabled'));
      await actionRef.current?.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setToggling(null);
    }
  };

  const remove = async (item: DictionaryItem) => {
    try {
      await unwrap(
        api.DELETE('/api/dictionaries/{id}/items/{itemId}', {
          params: { path: { id: dictionary.id, itemId: item.id } },
        }),
      );
      message.success(t('dictionaries:message.itemDeleted'));
      await actionRef.current?.reload();
      onItemsChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ProColumns<DictionaryItem>[] = [
    {
      title: t('dictionaries:itemField.code'),
      dataIndex: 'code',
      width: 160,
      render: (_, r) => <Typography.Text code>{r.code}</Typography.Text>,
    },
    {
      title: t('dictionaries:itemField.label'),
      dataIndex: 'label',
      render: (_, r) => (
        <Typography.Text type={r.active ? undefined : 'secondary'} delete={!r.active}>
          {r.label}
        </Typography.Text>
      ),
    },
    {
      title: t('dictionaries:itemField.labelEn'),
      dataIndex: 'labelEn',
      render: (_, r) => r.labelEn || <Typography.Text type="secondary">-</Typography.Text>,
    },
    { title: t('dictionaries:itemField.sortOrder'), dataIndex: 'sortOrder', width: 80, align: 'right' },
    {
      title: t('dictionaries:itemField.active'),
      dataIndex: 'active',
      width: 90,
      render: (_, r) =>
        canManage ? (
          <Switch
            size="small"
            checked={r.active}
            loading={toggling === r.id}
            aria-label={t('dictionaries:itemField.active')}
            onChange={(checked) => void toggle(r, checked)}
          />
        ) : (
          <Badge
            status={r.active ? 'success' : 'default'}
            text={r.active ? t('common:enabled') : t('common:disabled')}
          />
        ),
    },
    ...(canManage
      ? [
          {
            title: t('common:actions'),
            valueType: 'option' as const,
            width: 110,
            render: (_: unknown, r: DictionaryItem) => [
              <Typography.Link key="edit" onClick={() => setEditing({ item: r })}>
                {t('common:edit')}
              </Typography.Link>,
              <Popconfirm
                key="delete"
                title={t('dictionaries:itemDeleteConfirm', { name: r.label })}
                description={t('dictionaries:itemDeleteHint')}
                okText={t('common:delete')}
                cancelText={t('common:cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove(r)}
              >
                <Typography.Link type="danger">{t('common:delete')}</Typography.Link>
              </Popconfirm>,
            ],
          },
        ]
      : []),
  ];

  return (
    <>
      <ProTable<DictionaryItem, { code: string }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        params={{ code: dictionary.code }}
        search={false}
        cardProps={{ bodyStyle: { padding: 0 } }}
        size="middle"
        headerTitle={
          <Space size={8} wrap>
            <span>{t('dictionaries:itemsOf', { name: dictionary.name })}</span>
            <Tag bordered={false}>{dictionary.code}</Tag>
            {dictionary.builtin && <Tag color="blue">{t('dictionaries:builtin')}</Tag>}
          </Space>
        }
        tooltip={dictionary.description ?? undefined}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('dictionaries:noItems') }}
        request={async (params) => {
          try {
            const data = await unwrap(
              api.GET('/api/dictionary-items/{code}', {
                params: { path: { code: params.code }, query: { includeInactive: 'true' } },
              }),
            );
            setItems(data);
            return { data, total: data.length, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          canManage && (
            <Button key="add" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('dictionaries:addItem')}
            </Button>
          ),
        ]}
      />
      <ItemForm
        open={!!editing}
        dictionary={dictionary}
        item={editing?.item}
        nextSortOrder={nextSortOrder}
        onClose={() => setEditing(null)}
        onSaved={() => {
          const added = !editing?.item;
          setEditing(null);
          void actionRef.current?.reload();
          if (added) onItemsChanged();
        }}
      />
    </>
  );
}
