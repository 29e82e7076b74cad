import { DeleteOutlined, EditOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { App, Button, Empty, Input, Popconfirm, Result, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { DictionaryForm } from './dictionaries/DictionaryForm';
import { ItemsPanel } from './dictionaries/ItemsPanel';
import type { Dictionary } from './dictionaries/types';

export default function DictionariesPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const canManage = can(access.manageDictionaries);
  const { data, error, loading, reload } = useQueryData(() => unwrap(api.GET('/api/dictionaries')), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [keyword, setKeyword] = useState('');
  const [editing, setEditing] = useState<{ dictionary?: Dictionary } | null>(null);
  const english = i18n.language === 'en-US';

  useEffect(() => {
    if (!data) return;
    setSelectedId((prev) => (prev && data.some((d) => d.id === prev) ? prev : (data[0]?.id ?? null)));
  }, [data]);

  const visible = useMemo(() => {
    const k = keyword.trim().toLowerCase();
    if (!k) return data ?? [];
    return (data ?? []).filter((d) => [d.name, d.code, d.nameEn ?? ''].some((s) => s.toLowerCase().includes(k)));
  }, [data, keyword]);
  const selected = data?.find((d) => d.id === selectedId);

  const remove = async (d: Dictionary) => {
    try {
      await unwrap(api.DELETE('/api/dictionaries/{id}', { params: { path: { id: d.id } } }));
      message.success(t('dictionaries:message.deleted'));
      await reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <PageContainer
      title={t('dictionaries:title')}
      content={t('dictionaries:subtitle')}
      extra={<ExportButton path="/api/dictionaries/export" params={() => ({})} />}
    >
      <ProCard split="vertical" bordered style={{ minHeight: 560 }}>
        <ProCard
          colSpan="420px"
          title={t('dictionaries:listTitle')}
          headerBordered
          extra={
            canManage && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                {t('dictionaries:create')}
              </Button>
            )
          }
        >
          <Input.Search
            allowClear
            placeholder={t('dictionaries:searchPlaceholder')}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            style={{ marginBottom: 12 }}
          />
          {error && !data ? (
            <Result
              status="error"
              title={t('dictionaries:loadFailed')}
              subTitle={error.message}
              extra={<Button onClick={() => void reload()}>{t('dictionaries:retry')}</Button>}
            />
          ) : (
            <Table<Dictionary>
              rowKey="id"
              size="small"
              loading={loading}
              pagination={false}
              dataSource={visible}
              locale={{ emptyText: keyword ? t('dictionaries:noMatch') : t('dictionaries:empty') }}
              onRow={(record) => ({
                onClick: () => setSelectedId(record.id),
                style: {
                  cursor: 'pointer',
                  background: record.id === selectedId ? '#e6f4ff' : undefined,
                },
              })}
              columns={[
                {
                  title: t('dictionaries:field.name'),
                  dataIndex: 'name',
                  render: (_, d) => (
                    <div style={{ lineHeight: 1.4 }}>
                      <Space size={4}>
                        <Typography.Text strong={d.id === selectedId}>
                          {english ? (d.nameEn ?? d.name) : d.name}
                        </Typography.Text>
                        {d.builtin && (
                          <Tooltip title={t('dictionaries:builtinHint')}>
                            <Tag color="blue" bordered={false} style={{ marginInlineEnd: 0 }}>
                              {t('dictionaries:builtin')}
                            </Tag>
                          </Tooltip>
                        )}
                      </Space>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {d.code}
                        </Typography.Text>
                      </div>
                    </div>
                  ),
                },
                {
                  title: t('dictionaries:field.itemCount'),
                  dataIndex: 'itemCount',
                  width: 70,
                  align: 'right',
                },
                ...(canManage
                  ? [
                      {
                        title: t('common:actions'),
                        key: 'actions',
                        width: 84,
                        render: (_: unknown, d: Dictionary) => (
                          // biome-ignore lint/a11y/noStaticElementInteractions: only stops the row click behind the buttons
                          // biome-ignore lint/a11y/useKeyWithClickEvents: the buttons inside handle the keyboard
                          <span onClick={(e) => e.stopPropagation()}>
                            <Tooltip title={t('common:edit')}>
                              <Button
                                type="text"
                                size="small"
                                icon={<EditOutlined />}
                                aria-label={t('common:edit')}
                                onClick={() => setEditing({ dictionary: d })}
                              />
                            </Tooltip>
                            {d.builtin ? (
                              <Tooltip title={t('dictionaries:builtinNotDeletable')}>
                                <Button type="text" size="small" icon={<LockOutlined />} disabled />
                              </Tooltip>
                            ) : (
                              <Popconfirm
                                title={t('dictionaries:deleteConfirm', { name: d.name })}
                                description={t('dictionaries:deleteHint', { count: d.itemCount })}
                                okText={t('common:delete')}
                                cancelText={t('common:cancel')}
                                okButtonProps={{ danger: true }}
                                onConfirm={() => remove(d)}
                              >
                                <Button
                                  type="text"
                                  size="small"
                                  danger
                                  icon={<DeleteOutlined />}
                                  aria-label={t('common:delete')}
                                />
                              </Popconfirm>
                            )}
                          </span>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </ProCard>
        <ProCard bodyStyle={{ padding: '8px 16px 16px' }}>
          {selected ? (
            <ItemsPanel
              key={selected.id}
              dictionary={selected}
              canManage={canManage}
              onItemsChanged={() => void reload()}
            />
          ) : (
            !loading && <Empty style={{ marginTop: 120 }} description={t('dictionaries:pickDictionary')} />
          )}
        </ProCard>
      </ProCard>
      <DictionaryForm
        open={!!editing}
        dictionary={editing?.dictionary}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          setSelectedId(saved.id);
          void reload();
        }}
      />
    </PageContainer>
  );
}
