import { ProConfigProvider } from '@ant-design/pro-components';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider, useLocation, useNavigate } from 'react-router';
import { onSessionProblem } from '../api/client';
import ChangePasswordPage from '../pages/auth/ChangePasswordPage';
import LoginPage from '../pages/auth/LoginPage';
import ProfilePage from '../pages/auth/ProfilePage';
import Layout from './Layout';
import { flattenRoutes, type MenuRoute, menuRoutes, permitted } from './routes';
import { SessionProvider, useSession } from './session';

function Loading() {
  return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
}

/** Sends a visitor without a session to the login page, and a pending password change to its form. */
function RequireSession({ children, allowPending = false }: { children: ReactNode; allowPending?: boolean }) {
  const { me, loading, setMe } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(
    () =>
      onSessionProblem((problem) => {
        if (problem.code === 'PASSWORD_CHANGE_REQUIRED') navigate('/change-password', { replace: true });
        else {
          setMe(null);
          navigate(`/login?redirect=${encodeURIComponent(window.location.pathname)}`, { replace: true });
        }
      }),
    [navigate, setMe],
  );

  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?redirect=${encodeURIComponent(location.pathname)}`} replace />;
  if (me.mustChangePassword && !allowPending) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

function Guarded({ permission, children }: { permission?: MenuRoute['permission']; children: ReactNode }) {
  const { can } = useSession();
  const { t } = useTranslation();
  if (!permitted(permission, can)) {
    return <Result status="403" title="403" subTitle={t('common:forbidden')} />;
  }
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common:notFound')} />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/change-password',
    element: (
      <RequireSession allowPending>
        <ChangePasswordPage />
      </RequireSession>
    ),
  },
  {
    path: '/',
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/workbench" replace /> },
      { path: 'profile', element: <ProfilePage /> },
      ...flattenRoutes(menuRoutes).map((r) => {
        const Component = r.component as NonNullable<typeof r.component>;
        return {
          path: r.path.slice(1),
          element: (
            <Guarded permission={r.permission}>
              <Component />
            </Guarded>
          ),
        };
      }),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

/** Whether the operating system asks for less motion (an accessibility setting people rely on). */
function usePrefersReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => typeof window !== 'undefined' && window.matchMedia?.(query).matches);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    if (!list) return;
    const onChange = () => setReduced(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

export default function App() {
  const { i18n } = useTranslation();
  const reducedMotion = usePrefersReducedMotion();
  const english = i18n.language === 'en-US';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6, motion: !reducedMotion } }}
    >
      <ProConfigProvider hashed={false}>
        <AntApp>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </AntApp>
      </ProConfigProvider>
    </ConfigProvider>
  );
}
