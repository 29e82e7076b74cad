import { GlobalOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout } from '@ant-design/pro-components';
import { Dropdown, Spin } from 'antd';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationBell } from '../components/NotificationBell';
import { CallPopDrawer } from '../pages/calls/CallPopDrawer';
import { type Language, setLanguage } from './i18n';
import { allowedRoutes, type MenuRoute, menuOnly, menuRoutes } from './routes';
import { useSession } from './session';

interface ProRoute {
  path: string;
  name: string;
  icon?: React.ReactNode;
  children?: ProRoute[];
}

function toProRoutes(routes: MenuRoute[], t: (key: string) => string): ProRoute[] {
  return routes.map((r) => ({
    path: r.path,
    name: t(r.name),
    icon: r.icon,
    ...(r.children ? { children: toProRoutes(r.children, t) } : {}),
  }));
}

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const items = [
    { key: 'zh-CN', label: '简体中文' },
    { key: 'en-US', label: 'English' },
  ];
  return (
    <Dropdown
      menu={{
        items,
        selectable: true,
        selectedKeys: [i18n.language],
        onClick: ({ key }) => setLanguage(key as Language),
      }}
    >
      <span style={{ cursor: 'pointer', padding: '0 8px' }} title={t('common:language')} data-testid="language-switch">
        <GlobalOutlined /> {i18n.language === 'en-US' ? 'EN' : '中'}
      </span>
    </Dropdown>
  );
}

export default function Layout() {
  const { t } = useTranslation();
  const { me, can, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const routes = useMemo(() => toProRoutes(menuOnly(allowedRoutes(menuRoutes, can)), t), [can, t]);

  return (
    <ProLayout
      title={t('common:appName')}
      logo="/favicon.svg"
      layout="mix"
      fixSiderbar
      fixedHeader
      splitMenus={false}
      location={{ pathname: location.pathname }}
      route={{ path: '/', routes }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      breadcrumbRender={(items = []) => [{ path: '/workbench', title: t('common:home') }, ...items]}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: (
          <span data-testid="current-user">
            {me?.name}
            {me?.extension ? (
              <span style={{ color: '#999', marginInlineStart: 6 }} data-testid="current-extension">
                {t('common:userMenu.extension', { extension: me.extension })}
              </span>
            ) : null}
          </span>
        ),
        render: (_props, dom) => (
          <Dropdown
            menu={{
              items: [
                { key: 'profile', icon: <UserOutlined />, label: t('common:userMenu.profile') },
                { key: 'password', icon: <KeyOutlined />, label: t('common:userMenu.changePassword') },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('common:userMenu.logout') },
              ],
              onClick: async ({ key }) => {
                if (key === 'profile') navigate('/profile');
                if (key === 'password') navigate('/change-password');
                if (key === 'logout') {
                  // Leave even when the server could not be told: the session is gone from here.
                  try {
                    await logout();
                  } finally {
                    navigate('/login', { replace: true });
                  }
                }
              },
            }}
          >
            {dom}
          </Dropdown>
        ),
      }}
      actionsRender={() => [<NotificationBell key="bell" />, <LanguageSwitch key="lang" />]}
      footerRender={() => (
        <div style={{ textAlign: 'center', color: '#999', padding: '12px 0' }}>{t('common:footer')}</div>
      )}
    >
      <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
        <Outlet />
      </Suspense>
      <CallPopDrawer />
    </ProLayout>
  );
}
