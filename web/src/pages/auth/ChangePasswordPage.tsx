import { ProForm, ProFormText } from '@ant-design/pro-components';
import { Alert, App, Button, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { LanguageSwitch } from '../../app/Layout';
import { useSession } from '../../app/session';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { me, setMe, logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const forced = !!me?.mustChangePassword;
  const rule = me?.passwordPolicy === 'dengbao' ? t('common:password.ruleDengbao') : t('common:password.ruleDefault');

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', display: 'flex', flexDirection: 'column' }}>
      <div style={{ textAlign: 'right', padding: 16 }}>
        <LanguageSwitch />
      </div>
      <div style={{ flex: 1, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', paddingTop: '8vh' }}>
        <Card title={t('common:password.title')} style={{ width: 440 }}>
          {forced && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('common:password.forced')} />
          )}
          <ProForm<Values>
            submitter={{
              searchConfig: { submitText: t('common:password.submit') },
              resetButtonProps: false,
              render: (_, dom) => (
                <div style={{ display: 'flex', gap: 8 }}>
                  {dom}
                  {forced ? (
                    <Button
                      onClick={async () => {
                        await logout();
                        navigate('/login', { replace: true });
                      }}
                    >
                      {t('common:userMenu.logout')}
                    </Button>
                  ) : (
                    <Button onClick={() => navigate(-1)}>{t('common:cancel')}</Button>
                  )}
                </div>
              ),
            }}
            onFinish={async (values) => {
              const updated = await unwrap(
                api.POST('/api/auth/change-password', {
                  body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
                }),
              ).catch((e: Error) => {
                message.error(e.message);
                return null;
              });
              if (!updated) return false;
              setMe(updated);
              message.success(t('common:password.changed'));
              navigate('/workbench', { replace: true });
              return true;
            }}
          >
            <ProFormText.Password
              name="currentPassword"
              label={t('common:password.current')}
              rules={[{ required: true, message: t('common:password.currentRequired') }]}
              fieldProps={{ autoComplete: 'current-password' }}
            />
            <ProFormText.Password
              name="newPassword"
              label={t('common:password.new')}
              extra={rule}
              rules={[
                { required: true, message: t('common:password.newRequired') },
                { min: 8, message: t('common:password.tooShort') },
              ]}
              fieldProps={{ autoComplete: 'new-password' }}
            />
            <ProFormText.Password
              name="confirm"
              label={t('common:password.confirm')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('common:password.confirmRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    !value || getFieldValue('newPassword') === value
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('common:password.mismatch'))),
                }),
              ]}
              fieldProps={{ autoComplete: 'new-password' }}
            />
          </ProForm>
        </Card>
      </div>
    </div>
  );
}
