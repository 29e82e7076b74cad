import { CheckOutlined, CopyOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface IssuedPassword {
  kind: 'created' | 'reset';
  name: string;
  username: string;
  password: string;
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Shows a password the server issued. It is never stored in the browser and cannot be shown again. */
export function IssuedPasswordModal({ issued, onClose }: { issued: IssuedPassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (issued) setCopied(false);
  }, [issued]);

  return (
    <Modal
      open={!!issued}
      title={
        <Space>
          <KeyOutlined />
          {issued?.kind === 'reset' ? t('users:issued.resetTitle') : t('users:issued.createdTitle')}
        </Space>
      }
      width={520}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="issued-password-done">
          {t('users:issued.done')}
        </Button>
      }
    >
      {issued && (
        <>
          <Typography.Paragraph>{t('users:issued.intro', { name: issued.name })}</Typography.Paragraph>
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('users:issued.username')}>
              <Typography.Text strong>{issued.username}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('users:issued.password')}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text
                  strong
                  style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 18, letterSpacing: 1 }}
                  data-testid="issued-password"
                >
                  {issued.password}
                </Typography.Text>
                <Button
                  size="small"
                  icon={copied ? <CheckOutlined /> : <CopyOutlined />}
                  onClick={async () => {
                    if (await copyText(issued.password)) {
                      setCopied(true);
                      message.success(t('users:issued.copied'));
                    }
                  }}
                >
                  {copied ? t('users:issued.copied') : t('users:issued.copy')}
                </Button>
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Alert
            style={{ marginTop: 16 }}
            type="warning"
            showIcon
            message={t('users:issued.warning')}
            description={t('users:issued.mustChange')}
          />
        </>
      )}
    </Modal>
  );
}
