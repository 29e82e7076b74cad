import { DeleteOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { errorText, showProblem } from '../../../components/problem';
import { useQueryData } from '../../../components/useQueryData';

/** Drops what a view should not keep: empty values and ProTable's paging. */
function cleanFilters(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === 'current' || key === 'pageSize') continue;
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    // Dates of a range picker are dayjs objects: keep them as the day they name.
    out[key] = Array.isArray(value)
      ? value.map((v) =>
          v && typeof v === 'object' && 'format' in v ? (v as { format(f: string): string }).format('YYYY-MM-DD') : v,
        )
      : value;
  }
  return out;
}

/** 视图: pick a saved set of filters, save the current ones under a name, or delete one. */
export function SavedViews({
  current,
  onApply,
}: {
  current: () => Record<string, unknown>;
  onApply: (filters: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const [saving, setSaving] = useState(false);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const [active, setActive] = useState<string | null>(null);
  const { data } = useQueryData(() => unwrap(api.GET('/api/ticket-views')), [version]);
  const views = data ?? [];

  const remove = async (id: string) => {
    try {
      await unwrap(api.DELETE('/api/ticket-views/{id}', { params: { path: { id } } }));
      message.success(t('tickets:views.deleted'));
      if (active === id) setActive(null);
      setVersion((n) => n + 1);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const save = async () => {
    let name: string;
    try {
      ({ name } = await form.validateFields());
    } catch {
      return;
    }
    setSaving(true);
    try {
      const view = await unwrap(
        api.POST('/api/ticket-views', { body: { name: name.trim(), filters: cleanFilters(current()) } }),
      );
      message.success(t('tickets:views.saved'));
      setActive(view.id);
      setOpen(false);
      form.resetFields();
      setVersion((n) => n + 1);
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  const activeName = views.find((v) => v.id === active)?.name;

  return (
    <Space size={8}>
      <Dropdown
        trigger={['click']}
        menu={{
          items:
            views.length === 0
              ? [{ key: 'none', disabled: true, label: t('tickets:views.none') }]
              : views.map((v) => ({
                  key: v.id,
                  label: (
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16, minWidth: 180 }}>
                      <span>{v.name}</span>
                      <Popconfirm
                        title={t('tickets:views.confirmDelete', { name: v.name })}
                        onConfirm={(e) => {
                          e?.stopPropagation();
                          void remove(v.id);
                        }}
                        onCancel={(e) => e?.stopPropagation()}
                      >
                        <Typography.Link
                          type="danger"
                          onClick={(e) => e.stopPropagation()}
                          aria-label={t('tickets:views.delete')}
                        >
                          <DeleteOutlined />
                        </Typography.Link>
                      </Popconfirm>
                    </div>
                  ),
                })),
          onClick: ({ key }) => {
            const view = views.find((v) => v.id === key);
            if (!view) return;
            setActive(view.id);
            onApply(view.filters);
          },
        }}
      >
        <Button icon={<EyeOutlined />} data-testid="saved-views">
          {activeName ?? t('tickets:views.pick')}
        </Button>
      </Dropdown>
      <Button icon={<SaveOutlined />} onClick={() => setOpen(true)}>
        {t('tickets:views.save')}
      </Button>
      <Modal
        open={open}
        title={t('tickets:views.saveTitle')}
        okText={t('common:save')}
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={() => void save()}>
          <Form.Item
            name="name"
            label={t('tickets:views.name')}
            extra={t('tickets:views.nameHint')}
            rules={[{ required: true, whitespace: true, message: t('tickets:views.nameRequired') }]}
          >
            <Input maxLength={40} autoFocus placeholder={t('tickets:views.namePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
