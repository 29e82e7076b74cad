import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadExport, postForm } from '../../api/client';
import type { components } from '../../api/schema';
import { errorText } from '../../components/problem';

export type ImportJob = components['schemas']['Import'];
export type ImportPreview = components['schemas']['ImportPreview'];
export type ImportMode = ImportJob['mode'];
export type ImportStatus = ImportJob['status'];

export interface ImportRequest {
  file: File;
  /** JSON from mappingBody; without it the server maps the columns by their names. */
  mapping?: string;
  projectId?: string;
}

function formOf({ file, mapping, projectId }: ImportRequest, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  if (mapping) form.append('mapping', mapping);
  if (projectId) form.append('projectId', projectId);
  form.append('file', file, file.name);
  return form;
}

/** Reads the header and the first rows; the server does not keep the file. */
export function previewImport(request: ImportRequest): Promise<ImportPreview> {
  return postForm<ImportPreview>('/api/imports/preview', formOf(request));
}

/** Uploads the file and starts the import in the background. */
export function startImport(request: ImportRequest & { mode: ImportMode }): Promise<{ id: string }> {
  return postForm<{ id: string }>('/api/imports', formOf(request, { type: 'rooms-customers', mode: request.mode }));
}

export const modeKey: Record<ImportMode, 'skipBadRows' | 'allOrNothing'> = {
  'skip-bad-rows': 'skipBadRows',
  'all-or-nothing': 'allOrNothing',
};

export function ModeText({ mode }: { mode: ImportMode }) {
  const { t } = useTranslation();
  return <>{t(`import:mode.${modeKey[mode]}`)}</>;
}

const statusColor: Record<ImportStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

/** 排队中 / 进行中 / 完成 / 失败; a finished import with rejected rows says so. */
export function StatusTag({ job }: { job: Pick<ImportJob, 'status' | 'rejectedCount'> }) {
  const { t } = useTranslation();
  const partial = job.status === 'done' && job.rejectedCount > 0;
  return (
    <Tag
      color={partial ? 'warning' : statusColor[job.status]}
      style={{ marginInlineEnd: 0 }}
      data-testid="import-status"
    >
      {partial ? t('import:status.donePartial') : t(`import:status.${job.status}`)}
    </Tag>
  );
}

/** Downloads a workbook the server writes (template, rejected rows); a failure shows the server's detail. */
export function DownloadButton({
  path,
  children,
  ...props
}: { path: string; children: ReactNode } & Omit<ButtonProps, 'onClick' | 'loading' | 'children'>) {
  const { message } = App.useApp();
  const [loading, setLoading] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      {...props}
      loading={loading}
      onClick={async () => {
        setLoading(true);
        try {
          await downloadExport(path, {});
        } catch (e) {
          message.error(errorText(e));
        } finally {
          setLoading(false);
        }
      }}
    >
      {children}
    </Button>
  );
}

export const rejectionsPath = (id: string) => `/api/imports/${id}/rejections`;
export const templatePath = '/api/imports/template';
