import { EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { paths } from '../../../api/schema';
import { errorText } from '../../../components/problem';

export type Parameter = paths['/api/parameters']['get']['responses'][200]['content']['application/json'][number];
type Value = Parameter['value'];

/** An enum value shown with its translated label (e.g. dengbao → 等保三级). */
export function useValueText() {
  const { t } = useTranslation();
  return (p: Parameter, value: Value) => {
    if (p.type === 'boolean') return value ? t('parameters:boolean.on') : t('parameters:boolean.off');
    return p.type === 'enum' ? t(`parameters:option.${value}`, { defaultValue: String(value) }) : String(value);
  };
}

/** One parameter: what it is, its value and default, and (with the permission) an inline editor. */
export function ParameterRow({
  parameter: p,
  canManage,
  onSaved,
}: {
  parameter: Parameter;
  canManage: boolean;
  onSaved: (updated: Parameter) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const valueText = useValueText();
  const [draft, setDraft] = useState<Value | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const editing = draft !== null;

  const save = async (value: Value) => {
    setSaving(true);
    setProblem(null);
    try {
      const updated = await unwrap(
        api.PUT('/api/parameters/{key}', { params: { path: { key: p.key } }, body: { value } }),
      );
      message.success(t('parameters:saved', { name: p.label }));
      setDraft(null);
      onSaved(updated);
    } catch (e) {
      const text = errorText(e);
      setProblem(text);
      message.error(text);
    } finally {
      setSaving(false);
    }
  };

  const cancel = () => {
    setDraft(null);
    setProblem(null);
  };

  let editor = null;
  if (editing) {
    if (p.type === 'enum') {
      editor = (
        <Select
          autoFocus
          style={{ width: 200 }}
          value={draft}
          status={problem ? 'error' : undefined}
          onChange={(v) => setDraft(v)}
          options={(p.options ?? []).map((o) => ({ value: o, label: valueText(p, o) }))}
        />
      );
    } else if (p.type === 'boolean') {
      editor = (
        <Switch
          autoFocus
          checked={draft === true}
          checkedChildren={t('parameters:boolean.on')}
          unCheckedChildren={t('parameters:boolean.off')}
          onChange={(checked) => setDraft(checked)}
        />
      );
    } else if (p.type === 'integer') {
      editor = (
        <InputNumber
          autoFocus
          style={{ width: 200 }}
          precision={0}
          value={typeof draft === 'number' ? draft : Number(draft)}
          status={problem ? 'error' : undefined}
          onChange={(v) => setDraft(v ?? 0)}
          onPressEnter={() => void save(draft as Value)}
        />
      );
    } else {
      editor = (
        <Input
          autoFocus
          style={{ width: 260 }}
          maxLength={500}
          value={String(draft)}
          status={problem ? 'error' : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onPressEnter={() => void save(draft as Value)}
        />
      );
    }
  }

  return (
    <div
      data-testid={`parameter-${p.key}`}
      style={{ display: 'flex', flexWrap: 'wrap', gap: '12px 32px', padding: '16px 0', alignItems: 'flex-start' }}
    >
      <div style={{ flex: '1 1 320px', minWidth: 0 }}>
        <Space size={8} wrap>
          <Typography.Text strong style={{ fontSize: 15 }}>
            {p.label}
          </Typography.Text>
          {!p.isDefault && <Tag color="orange">{t('parameters:modified')}</Tag>}
        </Space>
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary">{p.description}</Typography.Text>
        </div>
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <code>{p.key}</code>
          </Typography.Text>
        </div>
      </div>
      <div style={{ flex: '0 1 460px', minWidth: 300 }}>
        {editing ? (
          <>
            <Space wrap>
              {editor}
              <Button type="primary" loading={saving} onClick={() => void save(draft)}>
                {t('common:save')}
              </Button>
              <Button onClick={cancel} disabled={saving}>
                {t('common:cancel')}
              </Button>
            </Space>
            {problem && (
              <div style={{ marginTop: 4 }}>
                <Typography.Text type="danger">{problem}</Typography.Text>
              </div>
            )}
          </>
        ) : (
          <Space size={12} wrap>
            <Typography.Text style={{ fontSize: 16, fontWeight: 500 }}>{valueText(p, p.value)}</Typography.Text>
            {canManage && (
              <Button size="small" icon={<EditOutlined />} onClick={() => setDraft(p.value)}>
                {t('common:edit')}
              </Button>
            )}
            {canManage && !p.isDefault && (
              <Popconfirm
                title={t('parameters:resetConfirm', { value: valueText(p, p.defaultValue) })}
                okText={t('parameters:reset')}
                cancelText={t('common:cancel')}
                onConfirm={() => save(p.defaultValue)}
              >
                <Button size="small" type="text" icon={<RollbackOutlined />}>
                  {t('parameters:reset')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
        <div style={{ marginTop: 6 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('parameters:defaultValue', { value: valueText(p, p.defaultValue) })}
            {p.updatedAt && (
              <span style={{ marginLeft: 12 }}>
                {t('parameters:updatedAt', { time: dayjs(p.updatedAt).format('YYYY-MM-DD HH:mm') })}
              </span>
            )}
          </Typography.Text>
        </div>
      </div>
    </div>
  );
}
