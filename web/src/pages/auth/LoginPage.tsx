import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginForm, ProFormText } from '@ant-design/pro-components';
import { Alert } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { LanguageSwitch } from '../../app/Layout';
import { useSession } from '../../app/session';

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const redirect = params.get('redirect');
  const target = redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/workbench';

  if (me && !me.mustChangePassword) return <Navigate to={target} replace />;

  return (
    <div
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(135deg, #e6f4ff 0%, #f5f5f5 60%)',
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <div style={{ textAlign: 'right', padding: 16 }}>
        <LanguageSwitch />
      </div>
      <div style={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <div
          style={{ background: '#fff', borderRadius: 12, boxShadow: '0 8px 24px rgba(0,0,0,0.08)', padding: '24px 0' }}
        >
          <LoginForm
            logo="/favicon.svg"
            title={t('common:appName')}
            subTitle={t('common:login.subtitle')}
            submitter={{ searchConfig: { submitText: t('common:login.submit') } }}
            onFinish={async (values: { username: string; password: string }) => {
              setError(null);
              try {
                const result = await unwrap(api.POST('/api/auth/login', { body: values }));
                setMe(result.user);
                navigate(result.user.mustChangePassword ? '/change-password' : target, { replace: true });
              } catch (e) {
                // The server's message names the unlock time in the project's time zone.
                setError(e instanceof ApiError ? e.message : t('common:error.network'));
              }
            }}
          >
            {error && (
              <Alert type="error" showIcon message={error} style={{ marginBottom: 24 }} data-testid="login-error" />
            )}
            <ProFormText
              name="username"
              fieldProps={{ size: 'large', prefix: <UserOutlined />, autoComplete: 'username' }}
              placeholder={t('common:login.username')}
              rules={[{ required: true, message: t('common:login.usernameRequired') }]}
            />
            <ProFormText.Password
              name="password"
              fieldProps={{ size: 'large', prefix: <LockOutlined />, autoComplete: 'current-password' }}
              placeholder={t('common:login.password')}
              rules={[{ required: true, message: t('common:login.passwordRequired') }]}
            />
          </LoginForm>
        </div>
      </div>
      <div style={{ textAlign: 'center', color: '#999', padding: 16 }}>{t('common:footer')}</div>
    </div>
  );
}
