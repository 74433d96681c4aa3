import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { getMetadataStorage } from 'class-validator';
import { AppModule } from '../../apps/api/src/app.module.js';

/**
 * Every HTTP route and socket event the API declares, read from the decorators of the controllers
 * and gateways reachable from AppModule — the same metadata Nest builds its router from — so a
 * route added tomorrow is fuzzed without touching the tests.
 */
export interface RouteInfo {
  method: string;
  /** Express path with `:param` and `*wildcard` tokens, e.g. `/api/programmes/:id`. */
  path: string;
  /** The DTO class of the `@Body()`, when the handler takes a typed one. */
  body?: Function;
  hasBody: boolean;
  query: string[];
}

export interface SocketEventInfo {
  namespace: string;
  event: string;
}

type ModuleLike =
  | Function
  | { module: Function; imports?: unknown[]; controllers?: Function[]; providers?: unknown[] }
  | { forwardRef: () => unknown };

function collect(root: Function): { controllers: Set<Function>; providers: Set<Function> } {
  const controllers = new Set<Function>();
  const providers = new Set<Function>();
  const seen = new Set<unknown>();
  const visit = (m: unknown): void => {
    if (!m) return;
    if (typeof m === 'object' && 'forwardRef' in m) return visit((m as { forwardRef: () => unknown }).forwardRef());
    if (m instanceof Promise) return;
    const mod = typeof m === 'function' ? m : (m as { module: Function }).module;
    if (!mod || seen.has(m)) return;
    seen.add(m);
    const dynamic = typeof m === 'object' ? (m as Exclude<ModuleLike, Function>) : undefined;
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, mod) as unknown[]) ?? []),
      ...((dynamic && 'imports' in dynamic && dynamic.imports) || []),
    ];
    for (const c of [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, mod) as Function[]) ?? []),
      ...((dynamic && 'controllers' in dynamic && dynamic.controllers) || []),
    ])
      controllers.add(c);
    for (const p of [
      ...((Reflect.getMetadata(MODULE_METADATA.PROVIDERS, mod) as unknown[]) ?? []),
      ...((dynamic && 'providers' in dynamic && dynamic.providers) || []),
    ]) {
      if (typeof p === 'function') providers.add(p);
    }
    imports.forEach(visit);
  };
  visit(root);
  return { controllers, providers };
}

function join(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

export function catalogue(): { routes: RouteInfo[]; events: SocketEventInfo[] } {
  const { controllers, providers } = collect(AppModule);
  const routes: RouteInfo[] = [];
  for (const ctrl of controllers) {
    const prefixes = [Reflect.getMetadata(PATH_METADATA, ctrl) ?? ''].flat() as string[];
    for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
      const handler = (ctrl.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctrl, name) ?? {}) as Record<
        string,
        { index: number; data?: string }
      >;
      const types = (Reflect.getMetadata('design:paramtypes', ctrl.prototype, name) ?? []) as Function[];
      let body: Function | undefined;
      let hasBody = false;
      const query: string[] = [];
      for (const [key, arg] of Object.entries(args)) {
        const kind = Number(key.split(':')[0]);
        if (kind === RouteParamtypes.BODY) {
          hasBody = true;
          const t = types[arg.index];
          if (t && getMetadataStorage().getTargetValidationMetadatas(t, '', true, false).length > 0) body = t;
        }
        if (kind === RouteParamtypes.QUERY && arg.data) query.push(arg.data);
      }
      const verbs = method === RequestMethod.ALL ? ['GET', 'POST', 'PATCH', 'HEAD', 'DELETE'] : [RequestMethod[method]];
      for (const prefix of prefixes)
        for (const p of [paths].flat())
          for (const verb of verbs) routes.push({ method: verb, path: join(prefix, p), body, hasBody, query });
    }
  }
  const events: SocketEventInfo[] = [];
  for (const p of providers) {
    if (!Reflect.getMetadata('websockets:is_gateway', p)) continue;
    const options = (Reflect.getMetadata('websockets:gateway_options', p) ?? {}) as { namespace?: string };
    for (const name of Object.getOwnPropertyNames(p.prototype)) {
      const handler = (p.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || !Reflect.getMetadata('websockets:message_mapping', handler)) continue;
      events.push({ namespace: options.namespace ?? '/', event: Reflect.getMetadata('message', handler) as string });
    }
  }
  return { routes, events };
}

/** One class-validator rule on a DTO property (the library does not export the type by name). */
export type ValidationRule = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** class-validator's rules for one DTO class, grouped by property. */
export function fieldsOf(dto: Function): Map<string, ValidationRule[]> {
  const fields = new Map<string, ValidationRule[]>();
  for (const v of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    fields.set(v.propertyName, [...(fields.get(v.propertyName) ?? []), v]);
  }
  return fields;
}
