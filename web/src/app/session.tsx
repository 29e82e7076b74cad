import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, unwrap } from '../api/client';

/** The /api/auth/me response: who is logged in, their permissions and data scope. */
export type MeShape = Awaited<ReturnType<typeof fetchMe>>;

async function fetchMe() {
  return unwrap(api.GET('/api/auth/me'));
}

interface SessionValue {
  me: MeShape | null;
  loading: boolean;
  refresh: () => Promise<MeShape | null>;
  setMe: (me: MeShape | null) => void;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<MeShape | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const data = await fetchMe();
      setMe(data);
      return data;
    } catch {
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const logout = useCallback(async () => {
    try {
      await unwrap(api.POST('/api/auth/logout'));
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading,
      refresh,
      setMe,
      logout,
      can: (permission) => !!me?.permissions.includes(permission),
    }),
    [me, loading, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
