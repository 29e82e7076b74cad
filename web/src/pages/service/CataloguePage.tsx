import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  FileTextOutlined,
  FolderAddOutlined,
  FolderOpenOutlined,
  FolderOutlined,
  PlusOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Checkbox,
  Empty,
  Input,
  Popconfirm,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { useDictionary } from '../customers/shared';
import { ImportModal } from './catalogue/ImportModal';
import { formatLimit } from './catalogue/LimitInput';
import { type FormMode, NodeForm } from './catalogue/NodeForm';
import {
  ancestorsOf,
  type CatalogueNode,
  collectIds,
  depthOf,
  filterTree,
  indexTree,
  MAX_DEPTH,
  matchRange,
  severityColors,
} from './catalogue/tree';

function Highlighted({ node, keyword }: { node: CatalogueNode; keyword: string }) {
  const range = matchRange(node, keyword);
  if (!range) return <>{node.name}</>;
  const [from, to] = range;
  return (
    <>
      {node.name.slice(0, from)}
      <span style={{ color: '#f5222d', fontWeight: 500 }}>{node.name.slice(from, to)}</span>
      {node.name.slice(to)}
    </>
  );
}

function NodeIcon({ node, open }: { node: CatalogueNode; open: boolean }) {
  if (node.kind === 'item') return <FileTextOutlined style={{ color: '#8c8c8c' }} />;
  return open ? <FolderOpenOutlined style={{ color: '#faad14' }} /> : <FolderOutlined style={{ color: '#faad14' }} />;
}

function NodeTitle({ node, keyword, open }: { node: CatalogueNode; keyword: string; open: boolean }) {
  const { t } = useTranslation();
  const muted = !node.effectiveActive;
  return (
    <span
      style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}
      data-testid={`catalogue-node-${node.code}`}
    >
      <NodeIcon node={node} open={open} />
      <span
        style={{
          flex: 1,
          minWidth: 0,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
          color: muted ? '#bfbfbf' : undefined,
        }}
      >
        <Highlighted node={node} keyword={keyword} />
      </span>
      {!node.active && (
        <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
          {t('catalogue:status.inactive')}
        </Tag>
      )}
      {node.kind === 'category' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {node.itemCount}
        </Typography.Text>
      ) : (
        node.severity &&
        (node.severity === 'urgent' || node.severity === 'high') && (
          <Tag color={severityColors[node.severity]} bordered={false} style={{ marginInlineEnd: 0 }}>
            {t(`catalogue:severity.${node.severity}`)}
          </Tag>
        )
      )}
    </span>
  );
}

function toTreeData(nodes: CatalogueNode[], keyword: string, expanded: Set<string>): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.id,
    title: <NodeTitle node={n} keyword={keyword} open={expanded.has(n.id)} />,
    isLeaf: n.kind === 'item',
    children: toTreeData(n.children, keyword, expanded),
  }));
}

export default function CataloguePage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQueryData(
    () => unwrap(api.GET('/api/catalogue/tree', { params: { query: { activeOnly: 'false' } } })),
    [],
  );
  const [keyword, setKeyword] = useState('');
  const [showInactive, setShowInactive] = useState(true);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [creating, setCreating] = useState<Extract<FormMode, { type: 'create' }> | null>(null);
  const [importing, setImporting] = useState(false);
  const [busy, setBusy] = useState(false);
  const departments = useDictionary('handling_department');

  const roots = data ?? [];
  const index = useMemo(() => indexTree(data ?? []), [data]);
  const visible = useMemo(() => filterTree(data ?? [], keyword, showInactive), [data, keyword, showInactive]);
  const expandedKeys = keyword.trim() ? collectIds(visible, true) : (expanded ?? []);
  const expandedSet = useMemo(() => new Set(expandedKeys), [expandedKeys]);
  const treeData = useMemo(() => toTreeData(visible, keyword, expandedSet), [visible, keyword, expandedSet]);

  const permitted = can(access.manageCatalogue);
  // The catalogue is shared by the whole group: only all-data administrators change it.
  const canManage = permitted && !!me?.scope.all;

  // First load: the top level open and the first category chosen.
  useEffect(() => {
    if (!data) return;
    setExpanded((prev) => prev ?? data.map((r) => r.id));
    setSelectedId((prev) => (prev && index.byId.has(prev) ? prev : (data[0]?.id ?? null)));
  }, [data, index]);

  const selected = selectedId ? index.byId.get(selectedId) : undefined;
  const path = selected ? ancestorsOf(index, selected.id) : [];

  const select = (id: string) => {
    setCreating(null);
    setSelectedId(id);
    const above = ancestorsOf(index, id).map((a) => a.id);
    setExpanded((prev) => [...new Set([...(prev ?? []), ...above])]);
  };

  const afterSave = async (id: string) => {
    setCreating(null);
    await reload();
    setSelectedId(id);
    setExpanded((prev) => [...new Set([...(prev ?? []), ...(selected ? [selected.id] : [])])]);
  };

  const run = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      await reload();
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const siblings = selected ? (selected.parentId ? (index.byId.get(selected.parentId)?.children ?? []) : roots) : [];
  const position = selected ? siblings.findIndex((s) => s.id === selected.id) : -1;
  const move = (delta: -1 | 1) => {
    if (!selected) return;
    const ids = siblings.map((s) => s.id);
    const [moved] = ids.splice(position, 1);
    if (!moved) return;
    ids.splice(position + delta, 0, moved);
    void run(
      () => unwrap(api.POST('/api/catalogue/reorder', { body: { parentId: selected.parentId, ids } })),
      t('catalogue:message.reordered'),
    );
  };

  const remove = () => {
    if (!selected) return;
    const parentId = selected.parentId;
    void run(
      () => unwrap(api.DELETE('/api/catalogue/nodes/{id}', { params: { path: { id: selected.id } } })),
      t('catalogue:message.deleted'),
    ).then((ok) => {
      if (ok) setSelectedId(parentId ?? roots[0]?.id ?? null);
    });
  };

  const toggle = () => {
    if (!selected) return;
    const id = selected.id;
    void run(
      () =>
        selected.active
          ? unwrap(api.POST('/api/catalogue/nodes/{id}/disable', { params: { path: { id } } }))
          : unwrap(api.POST('/api/catalogue/nodes/{id}/enable', { params: { path: { id } } })),
      selected.active ? t('catalogue:message.disabled') : t('catalogue:message.enabled'),
    );
  };

  let treePane: ReactNode;
  if (loading && !data) {
    treePane = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  } else if (error && !data) {
    treePane = (
      <Result
        status="error"
        title={t('catalogue:loadFailed')}
        subTitle={error.message}
        extra={<Button onClick={() => void reload()}>{t('catalogue:retry')}</Button>}
      />
    );
  } else if (treeData.length === 0) {
    treePane = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={keyword ? t('catalogue:tree.noMatch') : t('catalogue:tree.empty')}
      />
    );
  } else {
    treePane = (
      <Tree
        blockNode
        treeData={treeData}
        expandedKeys={expandedKeys}
        onExpand={(keys) => {
          if (!keyword.trim()) setExpanded(keys.map(String));
        }}
        selectedKeys={selectedId && !creating ? [selectedId] : []}
        onSelect={(keys) => {
          const key = keys[0];
          if (key !== undefined) select(String(key));
        }}
      />
    );
  }

  const startCreate = (kind: CatalogueNode['kind'], parentId: string | null) => {
    setCreating({ type: 'create', kind, parentId });
  };

  let detail: ReactNode;
  if (creating) {
    const parent = creating.parentId ? index.byId.get(creating.parentId) : undefined;
    detail = (
      <>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {creating.kind === 'item'
            ? t('catalogue:detail.newItemIn', { name: parent?.name ?? '' })
            : parent
              ? t('catalogue:detail.newSubcategoryIn', { name: parent.name })
              : t('catalogue:detail.newTopCategory')}
        </Typography.Title>
        <NodeForm
          key={`new-${creating.kind}-${creating.parentId ?? ''}`}
          mode={creating}
          roots={roots}
          index={index}
          canManage={canManage}
          onSaved={(saved) => void afterSave(saved.id)}
          onCancel={() => setCreating(null)}
        />
      </>
    );
  } else if (selected) {
    const isCategory = selected.kind === 'category';
    const depth = depthOf(index, selected.id);
    const parentInactive = selected.active && !selected.effectiveActive;
    detail = (
      <>
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={[
            ...path.map((p) => ({
              title: (
                <Typography.Link onClick={() => select(p.id)} style={{ fontSize: 'inherit' }}>
                  {p.name}
                </Typography.Link>
              ),
            })),
            { title: selected.name },
          ]}
        />
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
          <Space size={8} style={{ flex: 1, minWidth: 240 }} wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="catalogue-detail-title">
              {selected.name}
            </Typography.Title>
            <Tag color={isCategory ? 'gold' : 'blue'} bordered={false}>
              {isCategory ? t('catalogue:kind.category') : t('catalogue:kind.item')}
            </Tag>
            <Typography.Text type="secondary">{selected.code}</Typography.Text>
            {!selected.active && <Tag>{t('catalogue:status.inactive')}</Tag>}
            {parentInactive && (
              <Tooltip title={t('catalogue:detail.parentInactiveHint')}>
                <Tag color="warning">{t('catalogue:status.parentInactive')}</Tag>
              </Tooltip>
            )}
          </Space>
          {canManage && (
            <Space wrap size={6}>
              {isCategory && (
                <>
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => startCreate('item', selected.id)}
                    disabled={depth + 1 > MAX_DEPTH}
                    data-testid="catalogue-add-item"
                  >
                    {t('catalogue:action.addItem')}
                  </Button>
                  <Button
                    size="small"
                    icon={<FolderAddOutlined />}
                    onClick={() => startCreate('category', selected.id)}
                    disabled={depth + 2 > MAX_DEPTH}
                  >
                    {t('catalogue:action.addSubcategory')}
                  </Button>
                </>
              )}
              <Tooltip title={t('catalogue:action.moveUp')}>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('catalogue:action.moveUp')}
                  disabled={busy || position <= 0}
                  onClick={() => move(-1)}
                />
              </Tooltip>
              <Tooltip title={t('catalogue:action.moveDown')}>
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('catalogue:action.moveDown')}
                  disabled={busy || position < 0 || position >= siblings.length - 1}
                  onClick={() => move(1)}
                />
              </Tooltip>
              {selected.active ? (
                <Popconfirm
                  title={t('catalogue:confirm.disableTitle', { name: selected.name })}
                  description={
                    isCategory
                      ? t('catalogue:confirm.disableCategory', { count: selected.itemCount })
                      : t('catalogue:confirm.disableItem')
                  }
                  okText={t('catalogue:action.disable')}
                  cancelText={t('common:cancel')}
                  onConfirm={toggle}
                >
                  <Button size="small" icon={<StopOutlined />} disabled={busy}>
                    {t('catalogue:action.disable')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button size="small" icon={<CheckCircleOutlined />} disabled={busy} onClick={toggle}>
                  {t('catalogue:action.enable')}
                </Button>
              )}
              {isCategory && selected.children.length > 0 ? (
                <Tooltip title={t('catalogue:detail.notEmpty')}>
                  <Button size="small" danger icon={<DeleteOutlined />} disabled>
                    {t('common:delete')}
                  </Button>
                </Tooltip>
              ) : (
                <Popconfirm
                  title={t('catalogue:confirm.deleteTitle', { name: selected.name })}
                  description={t('catalogue:confirm.deleteHint')}
                  okText={t('common:delete')}
                  cancelText={t('common:cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={remove}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} disabled={busy}>
                    {t('common:delete')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
        </div>
        <NodeForm
          key={`${selected.id}-${selected.updatedAt}`}
          mode={{ type: 'edit', node: selected }}
          roots={roots}
          index={index}
          canManage={canManage}
          onSaved={(saved) => void afterSave(saved.id)}
        />
        {isCategory && selected.children.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 8 }}>
              {t('catalogue:detail.childrenTitle', { count: selected.children.length })}
            </Typography.Title>
            <Table<CatalogueNode>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={selected.children}
              expandable={{ childrenColumnName: 'nested' }}
              onRow={(record) => ({ onClick: () => select(record.id), style: { cursor: 'pointer' } })}
              columns={[
                {
                  title: t('catalogue:field.name'),
                  dataIndex: 'name',
                  render: (_, n) => (
                    <Space size={6}>
                      {n.kind === 'category' ? (
                        <FolderOutlined style={{ color: '#faad14' }} />
                      ) : (
                        <FileTextOutlined style={{ color: '#8c8c8c' }} />
                      )}
                      <span style={{ color: n.effectiveActive ? undefined : '#bfbfbf' }}>{n.name}</span>
                      {n.kind === 'category' && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('catalogue:detail.itemsBelow', { count: n.itemCount })}
                        </Typography.Text>
                      )}
                      {!n.active && <Tag bordered={false}>{t('catalogue:status.inactive')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('catalogue:field.severity'),
                  dataIndex: 'severity',
                  width: 80,
                  render: (_, n) =>
                    n.severity ? (
                      <Tag color={severityColors[n.severity]} bordered={false}>
                        {t(`catalogue:severity.${n.severity}`)}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: t('catalogue:field.department'),
                  dataIndex: 'department',
                  width: 90,
                  render: (_, n) => departments.label(n.department) || '—',
                },
                {
                  title: t('catalogue:field.responseLimit'),
                  width: 110,
                  render: (_, n) => (n.kind === 'item' ? formatLimit(t, n.responseMinutes, n.calendarTime) : '—'),
                },
                {
                  title: t('catalogue:field.resolutionLimit'),
                  width: 120,
                  render: (_, n) => (n.kind === 'item' ? formatLimit(t, n.resolutionMinutes, n.calendarTime) : '—'),
                },
              ]}
            />
          </>
        )}
      </>
    );
  } else {
    detail = !loading && <Empty style={{ marginTop: 120 }} description={t('catalogue:detail.pick')} />;
  }

  return (
    <PageContainer
      title={t('catalogue:title')}
      content={t('catalogue:subtitle')}
      extra={
        <Space>
          {canManage && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="catalogue-import">
              {t('catalogue:action.import')}
            </Button>
          )}
          <ExportButton path="/api/catalogue/export" params={() => ({})} />
        </Space>
      }
    >
      {permitted && !canManage && (
        <Alert type="info" showIcon message={t('catalogue:groupOnly')} style={{ marginBottom: 16 }} />
      )}
      <ProCard split="vertical" bordered style={{ minHeight: 600 }}>
        <ProCard
          colSpan="360px"
          title={t('catalogue:tree.title')}
          headerBordered
          extra={
            canManage && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => startCreate('category', null)}>
                {t('catalogue:action.addTopCategory')}
              </Button>
            )
          }
        >
          <Input.Search
            allowClear
            placeholder={t('catalogue:tree.searchPlaceholder')}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            data-testid="catalogue-search"
            style={{ marginBottom: 8 }}
          />
          <Checkbox
            checked={showInactive}
            onChange={(e) => setShowInactive(e.target.checked)}
            style={{ marginBottom: 8 }}
          >
            {t('catalogue:tree.showInactive')}
          </Checkbox>
          <div style={{ maxHeight: 'calc(100vh - 330px)', minHeight: 420, overflow: 'auto' }}>{treePane}</div>
        </ProCard>
        <ProCard bodyStyle={{ padding: '16px 24px' }}>{detail}</ProCard>
      </ProCard>
      <ImportModal
        open={importing}
        onClose={(changed) => {
          setImporting(false);
          if (changed) void reload();
        }}
      />
    </PageContainer>
  );
}
