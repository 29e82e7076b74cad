import { EditOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Alert, App, Button, Drawer, Form, Input, Result, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import type { Language } from '../../app/i18n';
import { useSession } from '../../app/session';
import { errorText, showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { type MessageChannel, type MessageEvent, type MessageTemplate, messageChannels, messageEvents } from './labels';

interface FormValues {
  enabled: boolean;
  subject?: string | null;
  body: string;
  smsSignName?: string | null;
  smsTemplateCode?: string | null;
  wechatTemplateId?: string | null;
}

/** Live preview of the text being edited, rendered by the server with sample values. */
function Preview({ event, subject, body }: { event: MessageEvent; subject?: string | null; body: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<
    | { kind: 'ok'; subject: string | null; body: string; length: number; parts: number }
    | { kind: 'error'; text: string }
  >();
  useEffect(() => {
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const r = await unwrap(
          api.POST('/api/message-templates/preview', { body: { event, subject: subject || null, body } }),
        );
        if (live) setState({ kind: 'ok', subject: r.subject, body: r.body, length: r.length, parts: r.smsParts });
      } catch (e) {
        if (live) setState({ kind: 'error', text: errorText(e) });
      }
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [event, subject, body]);
  if (!state) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (state.kind === 'error') {
    return (
      <div data-testid="template-preview">
        <Alert type="error" showIcon message={t('messages:templates.previewError')} description={state.text} />
      </div>
    );
  }
  return (
    <div data-testid="template-preview">
      <div
        style={{
          background: '#f6ffed',
          border: '1px solid #b7eb8f',
          borderRadius: 8,
          padding: 12,
          whiteSpace: 'pre-wrap',
        }}
      >
        {state.subject && <Typography.Text strong>{state.subject}</Typography.Text>}
        {state.subject && <br />}
        {state.body}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('messages:templates.previewLength', { length: state.length, parts: state.parts })}
      </Typography.Text>
    </div>
  );
}

function TemplateDrawer({
  template,
  canManage,
  onClose,
  onSaved,
}: {
  template: MessageTemplate | null;
  canManage: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<TextAreaRef>(null);
  const body = Form.useWatch('body', form) ?? '';
  const subject = Form.useWatch('subject', form);
  const lang = i18n.language as Language;

  useEffect(() => {
    if (template) {
      form.setFieldsValue({
        enabled: template.enabled,
        subject: template.subject,
        body: template.body,
        smsSignName: template.smsSignName,
        smsTemplateCode: template.smsTemplateCode,
        wechatTemplateId: template.wechatTemplateId,
      });
    }
  }, [template, form]);

  if (!template) return null;
  const insert = (name: string) => {
    const area = bodyRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('body') ?? '';
    const token = `{{${name}}}`;
    const start = area?.selectionStart ?? current.length;
    const end = area?.selectionEnd ?? current.length;
    form.setFieldValue('body', current.slice(0, start) + token + current.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await unwrap(
        api.PUT('/api/message-templates/{id}', {
          params: { path: { id: template.id } },
          body: { version: template.version, ...values },
        }),
      );
      message.success(t('messages:templates.saved'));
      onSaved();
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  const channel = template.channel as MessageChannel;
  return (
    <Drawer
      open
      width={640}
      onClose={onClose}
      title={t('messages:templates.drawerTitle', {
        event: t(`messages:event.${template.event}`),
        channel: t(`messages:channel.${channel}`),
      })}
      extra={
        <Space>
          <Button onClick={onClose}>{t('messages:templates.cancel')}</Button>
          {canManage && (
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="template-save">
              {t('messages:templates.save')}
            </Button>
          )}
        </Space>
      }
    >
      <Form form={form} layout="vertical" disabled={!canManage}>
        <Form.Item name="enabled" label={t('messages:templates.enabled')} valuePropName="checked">
          <Switch
            checkedChildren={t('messages:templates.enabled')}
            unCheckedChildren={t('messages:templates.disabled')}
          />
        </Form.Item>
        {channel !== 'sms' && (
          <Form.Item
            name="subject"
            label={channel === 'email' ? t('messages:templates.subjectEmail') : t('messages:templates.subjectWechat')}
          >
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item label={t('messages:templates.variables')}>
          <Space size={[6, 6]} wrap data-testid="template-variables">
            {template.variables.map((v) => (
              <Tag
                key={v.name}
                color="blue"
                style={{ cursor: canManage ? 'pointer' : 'default' }}
                onClick={() => canManage && insert(v.name)}
                title={`{{${v.name}}}`}
              >
                {v.label[lang] ?? v.name}
                <Typography.Text type="secondary" style={{ fontSize: 11, marginLeft: 4 }}>
                  {v.name}
                </Typography.Text>
              </Tag>
            ))}
          </Space>
        </Form.Item>
        <Form.Item
          name="body"
          label={t('messages:templates.body')}
          rules={[{ required: true, whitespace: true, message: t('messages:required') }]}
          extra={channel === 'wechat' ? t('messages:templates.wechatBodyHelp') : undefined}
        >
          <Input.TextArea ref={bodyRef} autoSize={{ minRows: 4, maxRows: 12 }} maxLength={2000} showCount />
        </Form.Item>
        {channel === 'sms' && (
          <Space size={16} style={{ display: 'flex' }} align="start">
            <Form.Item name="smsSignName" label={t('messages:templates.smsSignName')} style={{ flex: 1 }}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              name="smsTemplateCode"
              label={t('messages:templates.smsTemplateCode')}
              tooltip={t('messages:templates.smsTemplateCodeHelp')}
              style={{ flex: 1 }}
            >
              <Input maxLength={60} placeholder="SMS_123456789" />
            </Form.Item>
          </Space>
        )}
        {channel === 'wechat' && (
          <Form.Item name="wechatTemplateId" label={t('messages:templates.wechatTemplateId')}>
            <Input maxLength={100} />
          </Form.Item>
        )}
      </Form>
      <Typography.Title level={5}>{t('messages:templates.preview')}</Typography.Title>
      <Preview event={template.event as MessageEvent} subject={channel === 'sms' ? null : subject} body={body} />
    </Drawer>
  );
}

/** 消息模板: the events (rows) × channels (columns); a cell opens the template's editor. */
export default function MessageTemplatesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canManage = can(access.manageMessages);
  const { data, error, loading, reload } = useQueryData(() => unwrap(api.GET('/api/message-templates')), []);
  const [editing, setEditing] = useState<MessageTemplate | null>(null);

  const rows = useMemo(
    () =>
      messageEvents.map((event) => ({
        event,
        byChannel: Object.fromEntries(
          (data ?? []).filter((x) => x.event === event).map((x) => [x.channel, x]),
        ) as Partial<Record<MessageChannel, MessageTemplate>>,
      })),
    [data],
  );

  const cell = (tpl: MessageTemplate | undefined) => {
    if (!tpl) return <Typography.Text type="secondary">{t('messages:templates.notSet')}</Typography.Text>;
    return (
      <button
        type="button"
        onClick={() => setEditing(tpl)}
        style={{
          all: 'unset',
          cursor: 'pointer',
          display: 'block',
          width: '100%',
          boxSizing: 'border-box',
        }}
        data-testid={`template-${tpl.event}-${tpl.channel}`}
      >
        <Space size={4} style={{ marginBottom: 4 }}>
          <Tag color={tpl.enabled ? 'green' : 'default'} bordered={false}>
            {tpl.enabled ? t('messages:templates.enabled') : t('messages:templates.disabled')}
          </Tag>
          <EditOutlined style={{ color: '#1677ff' }} />
        </Space>
        <Typography.Text
          type={tpl.enabled ? undefined : 'secondary'}
          style={{
            display: '-webkit-box',
            WebkitLineClamp: 2,
            WebkitBoxOrient: 'vertical',
            overflow: 'hidden',
            fontSize: 12,
          }}
        >
          {tpl.subject ? `${tpl.subject}｜` : ''}
          {tpl.body}
        </Typography.Text>
      </button>
    );
  };

  return (
    <PageContainer
      title={t('messages:templates.title')}
      content={t('messages:templates.subtitle', { example: '{{ticketNo}}' })}
    >
      <ProCard>
        {error && !data ? (
          <Result
            status="error"
            title={error.message}
            extra={<Button onClick={() => void reload()}>{t('messages:retry')}</Button>}
          />
        ) : (
          <Table
            rowKey="event"
            loading={loading && !data}
            dataSource={rows}
            pagination={false}
            size="middle"
            columns={[
              {
                title: t('messages:templates.event'),
                dataIndex: 'event',
                width: 220,
                render: (_, r) => (
                  <div>
                    <Typography.Text strong>{t(`messages:event.${r.event}`)}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`messages:eventRule.${r.event}`)}
                    </Typography.Text>
                  </div>
                ),
              },
              ...messageChannels.map((channel) => ({
                title: t(`messages:channel.${channel}`),
                key: channel,
                render: (_: unknown, r: (typeof rows)[number]) => cell(r.byChannel[channel]),
              })),
            ]}
          />
        )}
      </ProCard>
      <TemplateDrawer
        template={editing}
        canManage={canManage}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void reload();
        }}
      />
    </PageContainer>
  );
}
