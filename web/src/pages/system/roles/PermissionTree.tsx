import { Button, Empty, Space, Spin, Tree, type TreeDataNode, Typography, theme } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionModule } from './types';

const modulePrefix = 'module:';

interface Props {
  catalogue: PermissionModule[];
  loading?: boolean;
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
}

/** Permission picker: modules as parents, permissions as leaves; checking a module checks all of it. */
export function PermissionTree({ catalogue, loading, value = [], onChange, disabled }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const all = useMemo(() => catalogue.flatMap((m) => m.permissions.map((p) => p.code)), [catalogue]);
  const selected = useMemo(() => value.filter((code) => all.includes(code)), [value, all]);
  const chosen = useMemo(() => new Set(selected), [selected]);
  const treeData = useMemo<TreeDataNode[]>(
    () =>
      catalogue.map((m) => ({
        key: `${modulePrefix}${m.module}`,
        title: (
          <Space size={8}>
            <Typography.Text strong>{m.label}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.permissions.filter((p) => chosen.has(p.code)).length} / {m.permissions.length}
            </Typography.Text>
          </Space>
        ),
        children: m.permissions.map((p) => ({
          key: p.code,
          title: (
            <Space size={8}>
              <span>{p.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.code}
              </Typography.Text>
            </Space>
          ),
        })),
      })),
    [catalogue, chosen],
  );

  return (
    <div style={{ border: `1px solid ${token.colorBorder}`, borderRadius: token.borderRadius }}>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          padding: '6px 12px',
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          background: token.colorFillAlter,
          borderRadius: `${token.borderRadius}px ${token.borderRadius}px 0 0`,
        }}
      >
        <Typography.Text type="secondary" data-testid="permission-count">
          {t('roles:form.selected', { count: selected.length, total: all.length })}
        </Typography.Text>
        <Space size={0}>
          <Button type="link" size="small" disabled={disabled || loading} onClick={() => onChange?.([...all])}>
            {t('roles:form.selectAll')}
          </Button>
          <Button type="link" size="small" disabled={disabled || loading} onClick={() => onChange?.([])}>
            {t('roles:form.clear')}
          </Button>
        </Space>
      </div>
      <div style={{ maxHeight: 360, overflow: 'auto', padding: '8px 4px' }}>
        {loading ? (
          <Spin style={{ display: 'block', margin: '24px auto' }} />
        ) : treeData.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('roles:form.noPermissions')} />
        ) : (
          <Tree
            checkable
            selectable={false}
            defaultExpandAll
            disabled={disabled}
            treeData={treeData}
            checkedKeys={selected}
            onCheck={(checked) => {
              const keys = Array.isArray(checked) ? checked : checked.checked;
              onChange?.(keys.map(String).filter((k) => !k.startsWith(modulePrefix)));
            }}
          />
        )}
      </div>
    </div>
  );
}
