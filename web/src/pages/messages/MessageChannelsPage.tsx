import { SendOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Alert, App, Button, Form, Input, Result, Select, Skeleton, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import type { Language } from '../../app/i18n';
import { useSession } from '../../app/session';
import { errorText, showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import type { MessageChannel, MessageChannelRow, MessageProvider } from './labels';

interface FormValues {
  provider: MessageChannelRow['provider'];
  enabled: boolean;
  settings: Record<string, string>;
  credentials: Record<string, string>;
  quiet?: [Dayjs, Dayjs] | null;
  timeZone: string;
}

const HHMM = 'HH:mm';

function TestSend({ channel }: { channel: MessageChannel }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [to, setTo] = useState('');
  const [sending, setSending] = useState(false);
  const placeholder = {
    sms: t('messages:channels.testToSms'),
    email: t('messages:channels.testToEmail'),
    wechat: t('messages:channels.testToWechat'),
  }[channel];
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        value={to}
        onChange={(e) => setTo(e.target.value)}
        placeholder={placeholder}
        data-testid={`channel-test-to-${channel}`}
      />
      <Button
        icon={<SendOutlined />}
        loading={sending}
        disabled={!to.trim()}
        onClick={async () => {
          setSending(true);
          try {
            const r = await unwrap(
              api.POST('/api/message-channels/{channel}/test', {
                params: { path: { channel } },
                body: { to: to.trim() },
              }),
            );
            if (r.ok) message.success(t('messages:channels.testOk', { id: r.providerMessageId ?? '-' }));
            else message.error(t('messages:channels.testFailed', { error: r.error ?? '' }));
          } catch (e) {
            message.error(errorText(e));
          } finally {
            setSending(false);
          }
        }}
      >
        {t('messages:channels.test')}
      </Button>
    </Space.Compact>
  );
}

/** The SMS providers that push delivery receipts to the server. */
const receiptProviders = new Set(['aliyun_sms', 'tencent_sms']);

/** 送达回执地址: the URL to paste into the provider's console, with a copy button. */
function ReceiptUrl({ row, providerCode }: { row: MessageChannelRow; providerCode: string }) {
  const { t } = useTranslation();
  // The URL names the saved provider; a newly chosen one gets its URL once saved.
  const url = providerCode === row.provider ? row.receiptUrl : null;
  return (
    <div style={{ marginBottom: 16 }} data-testid={`channel-receipt-${row.channel}`}>
      <Typography.Text strong>{t('messages:channels.receiptUrl')}</Typography.Text>
      {url ? (
        <>
          <Typography.Paragraph
            copyable={{
              text: url,
              tooltips: [t('messages:channels.receiptCopy'), t('messages:channels.receiptCopied')],
            }}
            code
            style={{ marginTop: 8, marginBottom: 4, wordBreak: 'break-all' }}
            data-testid={`channel-receipt-url-${row.channel}`}
          >
            {url}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t(`messages:channels.receiptConsole_${providerCode}`)} {t('messages:channels.receiptUrlHelp')}
          </Typography.Paragraph>
        </>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('messages:channels.receiptUrlAfterSave')}
        </Typography.Paragraph>
      )}
    </div>
  );
}

function ChannelCard({
  row,
  providers,
  canManage,
  onSaved,
}: {
  row: MessageChannelRow;
  providers: MessageProvider[];
  canManage: boolean;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const lang = i18n.language as Language;
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const channel = row.channel as MessageChannel;
  const choices = providers.filter((p) => p.channels.includes(channel));
  const providerCode = Form.useWatch('provider', form) ?? row.provider;
  const definition = providers.find((p) => p.provider === providerCode);
  const credentialSet = new Set(
    providerCode === row.provider ? row.credentials.filter((c) => c.set).map((c) => c.key) : [],
  );

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await unwrap(
        api.PUT('/api/message-channels/{channel}', {
          params: { path: { channel } },
          body: {
            version: row.version,
            provider: v.provider,
            enabled: v.enabled,
            settings: v.settings ?? {},
            credentials: Object.fromEntries(Object.entries(v.credentials ?? {}).filter(([, value]) => !!value)),
            quietStart: v.quiet ? v.quiet[0].format(HHMM) : null,
            quietEnd: v.quiet ? v.quiet[1].format(HHMM) : null,
            timeZone: v.timeZone || 'Asia/Shanghai',
          },
        }),
      );
      message.success(t('messages:channels.saved'));
      onSaved();
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <ProCard
      title={t(`messages:channel.${channel}`)}
      bordered
      headerBordered
      data-testid={`channel-${channel}`}
      extra={
        canManage && (
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid={`channel-save-${channel}`}>
            {t('messages:channels.save')}
          </Button>
        )
      }
    >
      {providerCode === 'outbox' && (
        <Alert type="info" showIcon message={t('messages:channels.outboxNote')} style={{ marginBottom: 16 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        disabled={!canManage}
        initialValues={{
          provider: row.provider,
          enabled: row.enabled,
          settings: row.settings,
          credentials: {},
          quiet: row.quietStart && row.quietEnd ? [dayjs(row.quietStart, HHMM), dayjs(row.quietEnd, HHMM)] : undefined,
          timeZone: row.timeZone,
        }}
      >
        <Space size={16} style={{ display: 'flex' }} align="start">
          <Form.Item name="provider" label={t('messages:channels.provider')} style={{ minWidth: 260 }}>
            <Select options={choices.map((p) => ({ value: p.provider, label: p.label[lang] }))} />
          </Form.Item>
          <Form.Item name="enabled" label={t('messages:channels.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        {definition && definition.settings.length > 0 && (
          <>
            <Typography.Text strong>{t('messages:channels.settings')}</Typography.Text>
            {definition.settings.map((f) => (
              <Form.Item
                key={f.key}
                name={['settings', f.key]}
                label={f.label[lang]}
                rules={f.required ? [{ required: true, whitespace: true, message: t('messages:required') }] : []}
              >
                <Input placeholder={f.placeholder} />
              </Form.Item>
            ))}
          </>
        )}
        {definition && definition.credentials.length > 0 && (
          <>
            <Typography.Text strong>{t('messages:channels.credentials')}</Typography.Text>
            {definition.credentials.map((f) => (
              <Form.Item
                key={f.key}
                name={['credentials', f.key]}
                label={f.label[lang]}
                rules={
                  f.required && !credentialSet.has(f.key)
                    ? [{ required: true, whitespace: true, message: t('messages:required') }]
                    : []
                }
              >
                <Input.Password
                  autoComplete="new-password"
                  placeholder={
                    credentialSet.has(f.key)
                      ? t('messages:channels.credentialSet')
                      : t('messages:channels.credentialNotSet')
                  }
                />
              </Form.Item>
            ))}
          </>
        )}
        {canManage && receiptProviders.has(providerCode) && <ReceiptUrl row={row} providerCode={providerCode} />}
        <Space size={16} style={{ display: 'flex' }} align="start" wrap>
          <Form.Item
            name="quiet"
            label={t('messages:channels.quietHours')}
            tooltip={t('messages:channels.quietHoursHelp')}
          >
            <TimePicker.RangePicker format={HHMM} order={false} minuteStep={5} allowClear />
          </Form.Item>
          <Form.Item name="timeZone" label={t('messages:channels.timeZone')}>
            <Input style={{ width: 180 }} />
          </Form.Item>
        </Space>
      </Form>
      {canManage && (
        <div style={{ maxWidth: 420 }}>
          <Typography.Text strong>{t('messages:channels.test')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <TestSend channel={channel} />
          </div>
        </div>
      )}
    </ProCard>
  );
}

/** 发送通道: one card per channel with its provider's fields, credentials, quiet hours and a test send. */
export default function MessageChannelsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canManage = can(access.manageMessages);
  const channels = useQueryData(() => unwrap(api.GET('/api/message-channels')), []);
  const providers = useQueryData(() => unwrap(api.GET('/api/message-providers')), []);
  const error = channels.error ?? providers.error;
  return (
    <PageContainer title={t('messages:channels.title')} content={t('messages:channels.subtitle')}>
      {error && !channels.data ? (
        <ProCard>
          <Result
            status="error"
            title={error.message}
            extra={<Button onClick={() => void channels.reload()}>{t('messages:retry')}</Button>}
          />
        </ProCard>
      ) : !channels.data || !providers.data ? (
        <ProCard>
          <Skeleton active paragraph={{ rows: 8 }} />
        </ProCard>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {channels.data.map((row) => (
            <ChannelCard
              key={`${row.channel}-${row.version}`}
              row={row}
              providers={providers.data ?? []}
              canManage={canManage}
              onSaved={() => void channels.reload()}
            />
          ))}
        </Space>
      )}
    </PageContainer>
  );
}
