import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { modules } from './modules/index.js';
import type { Deps } from './platform/context.js';
import { frameworkProblem, registerHttpPlatform } from './platform/http.js';
import { loggerOptions } from './platform/logger.js';
import type { RouteModule, ZodApp } from './platform/routes.js';

export interface BuildOptions {
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read what was logged). */
  logStream?: { write(line: string): void };
}

export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<ZodApp> {
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(deps.config.LOG_LEVEL, options.logStream),
    genReqId: () => randomUUID(),
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // A URL the router cannot read (bad escapes, an over-long path parameter): problem+json too.
    frameworkErrors: frameworkProblem,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Linli 邻里 API',
        version: '0.1.0',
        description: '邻里客户服务平台接口。错误以 application/problem+json 返回，含稳定的 code。',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'linli_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifyCookie);
  // Uploads are read as streams by the routes that take them (limits set there).
  await app.register(fastifyMultipart);
  registerHttpPlatform(app, deps);
  deps.jobs.useLogger(app.log);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const register of modules as RouteModule[]) await register(app, deps);

  const webDist = deps.config.WEB_DIST;
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: ['index.html'],
      // Built assets carry a content hash in their names: cache them for good.
      setHeaders: (res, path) => {
        if (path.includes(`${sep}assets${sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    // Client-side routes: any other GET outside /api answers the single-page app; a missing
    // file (a stale asset name after an upgrade) is a 404, not the page.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/') || /\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '')) {
        return reply.callNotFound();
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
  }
  return app;
}
