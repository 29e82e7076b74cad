import { HomeOutlined, ReloadOutlined, UserOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Button, Empty, Input, Result, Space, Spin, Tooltip, Tree, type TreeDataNode, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { useQueryData } from '../../components/useQueryData';
import { KindIcon } from './orgs/kindIcon';
import { OrgDetail } from './orgs/OrgDetail';
import { OrgForm, type OrgFormMode } from './orgs/OrgForm';
import {
  ancestorsOf,
  canManageNode,
  collectIds,
  filterTree,
  indexTree,
  matches,
  type OrgIndex,
  type OrgNode,
} from './orgs/tree';

/** The name with the searched text marked. */
function highlight(text: string, keyword: string): ReactNode {
  const k = keyword.trim();
  const at = k ? text.toLowerCase().indexOf(k.toLowerCase()) : -1;
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <span style={{ color: '#f5222d', fontWeight: 500 }}>{text.slice(at, at + k.length)}</span>
      {text.slice(at + k.length)}
    </>
  );
}

function NodeTitle({ node, index, keyword }: { node: OrgNode; index: OrgIndex; keyword: string }) {
  const { t } = useTranslation();
  const totals = index.totals.get(node.id) ?? { projects: 0, users: 0 };
  const codeHit = matches(node, keyword) && !node.name.toLowerCase().includes(keyword.trim().toLowerCase());
  return (
    <span style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }} data-testid={`org-node-${node.code}`}>
      <KindIcon kind={node.kind} />
      <span
        style={{
          flex: 1,
          minWidth: 0,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
          color: node.active ? undefined : '#bfbfbf',
        }}
      >
        {highlight(node.name, keyword)}
        {codeHit && (
          <Typography.Text type="secondary" style={{ marginLeft: 4, fontSize: 12 }}>
            {highlight(node.code, keyword)}
          </Typography.Text>
        )}
      </span>
      {(totals.projects > 0 || totals.users > 0) && (
        <Tooltip title={t('orgs:tree.countsTip', { projects: totals.projects, users: totals.users })}>
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, whiteSpace: 'nowrap', display: 'inline-flex', gap: 8 }}
          >
            {totals.projects > 0 && (
              <span>
                <HomeOutlined /> {totals.projects}
              </span>
            )}
            {totals.users > 0 && (
              <span>
                <UserOutlined /> {totals.users}
              </span>
            )}
          </Typography.Text>
        </Tooltip>
      )}
    </span>
  );
}

function toTreeData(nodes: OrgNode[], index: OrgIndex, keyword: string): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.id,
    title: <NodeTitle node={n} index={index} keyword={keyword} />,
    children: toTreeData(n.children, index, keyword),
  }));
}

export default function OrgsPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const { data, error, loading, reload } = useQueryData(() => unwrap(api.GET('/api/orgs/tree')), []);
  const [keyword, setKeyword] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [formMode, setFormMode] = useState<OrgFormMode | null>(null);

  const roots = data ?? [];
  const index = useMemo(() => indexTree(data ?? []), [data]);
  const visible = useMemo(() => filterTree(data ?? [], keyword), [data, keyword]);
  const treeData = useMemo(() => toTreeData(visible, index, keyword), [visible, index, keyword]);

  // First load: everything open and the top node chosen. A vanished selection falls back the same way.
  useEffect(() => {
    if (!data) return;
    setExpanded((prev) => prev ?? collectIds(data));
    setSelectedId((prev) => (prev && index.byId.has(prev) ? prev : (data[0]?.id ?? null)));
  }, [data, index]);

  const selected = selectedId ? index.byId.get(selectedId) : undefined;
  const canManage = can(access.manageOrgs);
  const outOfScope = !!selected && !!me && !canManageNode(index, me.scope, selected.id);

  const select = (id: string) => {
    setSelectedId(id);
    // Make sure the chosen node is visible in the tree.
    const path = ancestorsOf(index, id).map((a) => a.id);
    setExpanded((prev) => [...new Set([...(prev ?? []), ...path])]);
  };

  const afterSave = async (id: string) => {
    setFormMode(null);
    await reload();
    select(id);
  };

  let treePane: ReactNode;
  if (loading && !data) {
    treePane = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  } else if (error && !data) {
    treePane = (
      <Result
        status="error"
        title={t('orgs:loadFailed')}
        subTitle={error.message}
        extra={<Button onClick={() => void reload()}>{t('orgs:retry')}</Button>}
      />
    );
  } else if (treeData.length === 0) {
    treePane = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={keyword ? t('orgs:tree.noMatch') : t('orgs:tree.empty')}
      />
    );
  } else {
    treePane = (
      <Tree
        blockNode
        treeData={treeData}
        expandedKeys={keyword ? collectIds(visible) : (expanded ?? [])}
        onExpand={(keys) => setExpanded(keys.map(String))}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(keys) => {
          const key = keys[0];
          if (key !== undefined) setSelectedId(String(key));
        }}
      />
    );
  }

  return (
    <PageContainer title={t('orgs:title')} content={t('orgs:subtitle')}>
      <ProCard split="vertical" bordered style={{ minHeight: 560 }}>
        <ProCard
          colSpan="340px"
          title={t('orgs:tree.title')}
          headerBordered
          extra={
            <Tooltip title={t('orgs:refresh')}>
              <Button type="text" size="small" icon={<ReloadOutlined spin={loading} />} onClick={() => void reload()} />
            </Tooltip>
          }
        >
          <Input.Search
            allowClear
            placeholder={t('orgs:tree.searchPlaceholder')}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            style={{ marginBottom: 12 }}
          />
          <div style={{ maxHeight: 'calc(100vh - 320px)', minHeight: 400, overflow: 'auto' }}>{treePane}</div>
          {data && (
            <Space size={12} wrap style={{ marginTop: 12, fontSize: 12, color: '#8c8c8c' }}>
              {(['group', 'company', 'project_office', 'department'] as const).map((k) => (
                <span key={k}>
                  <KindIcon kind={k} /> {t(`common:orgKind.${k}`)}
                </span>
              ))}
            </Space>
          )}
        </ProCard>
        <ProCard ghost={false} bodyStyle={{ padding: 16 }}>
          {selected ? (
            <OrgDetail
              node={selected}
              index={index}
              canManage={canManage}
              outOfScope={outOfScope}
              onSelect={select}
              onCreateChild={() => setFormMode({ type: 'create', parent: selected })}
              onEdit={() => setFormMode({ type: 'edit', node: selected })}
              onDeleted={async (parentId) => {
                await reload();
                setSelectedId(parentId ?? roots[0]?.id ?? null);
              }}
            />
          ) : (
            !loading && <Empty style={{ marginTop: 120 }} description={t('orgs:detail.pickNode')} />
          )}
        </ProCard>
      </ProCard>
      <OrgForm mode={formMode} onClose={() => setFormMode(null)} onSaved={(id) => void afterSave(id)} />
    </PageContainer>
  );
}
