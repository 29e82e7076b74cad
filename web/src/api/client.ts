import createClient, { type Middleware } from 'openapi-fetch';
import i18n from '../app/i18n';
import type { paths } from './schema';

/** The server's error body (application/problem+json). */
export interface Problem {
  code: string;
  status: number;
  title: string;
  detail: string;
  errors?: { field: string; in: string; message: string }[];
  lockedUntil?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title || problem.code);
  }
  get code(): string {
    return this.problem.code;
  }
}

type Listener = (problem: Problem) => void;
const sessionListeners = new Set<Listener>();

/** The shell listens here to send the user to the login or password-change page. */
export function onSessionProblem(listener: Listener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

const language: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', i18n.language === 'en-US' ? 'en-US' : 'zh-CN');
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(language);

function toProblem(error: unknown, status: number): Problem {
  if (error && typeof error === 'object' && 'code' in error) return error as Problem;
  return {
    code: 'NETWORK',
    status,
    title: i18n.t('common:error.network'),
    detail: i18n.t('common:error.network'),
  };
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws ApiError with the server's
 * problem. Session problems are also announced to the shell.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(toProblem(undefined, 0));
  }
  if (result.response.ok) return result.data as T;
  const problem = toProblem(result.error, result.response.status);
  if (['UNAUTHENTICATED', 'SESSION_EXPIRED', 'PASSWORD_CHANGE_REQUIRED'].includes(problem.code)) {
    for (const listener of sessionListeners) listener(problem);
  }
  throw new ApiError(problem);
}

/**
 * Sends a multipart form (a file upload) with the client's credentials and language, and
 * answers like `unwrap`: the JSON body, or ApiError with the server's problem. The generated
 * client does not type multipart bodies, so the caller names the response type.
 */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return unwrap<T>(
    fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { 'Accept-Language': i18n.language === 'en-US' ? 'en-US' : 'zh-CN' },
    }).then(async (response) => {
      const body: unknown = await response.json().catch(() => undefined);
      return response.ok ? { data: body as T, response } : { error: body, response };
    }),
  );
}

/**
 * Filters as a query string carries them: empty values dropped, the rest as text; a list (a
 * multiple-choice filter) stays a list, sent as the key repeated (?type=repair&type=complaint).
 */
export function filterParams(params: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      const items = value.filter((v) => v !== undefined && v !== null && v !== '').map(String);
      if (items.length > 0) out[key] = items;
    } else if (value !== undefined && value !== null && value !== '') {
      out[key] = String(value);
    }
  }
  return out;
}

function queryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filterParams(params))) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  return search.toString();
}

/** Downloads an Excel export with the current filters; the file name comes from the server. */
export async function downloadExport(path: string, params: Record<string, unknown> = {}): Promise<void> {
  const query = queryString(params);
  const response = await fetch(query ? `${path}?${query}` : path, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': i18n.language },
  });
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new ApiError(toProblem(body, response.status));
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : 'export.xlsx';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
