// What each route of the running app reads from a request, found from the app itself (Nest's route
// metadata on its controllers, class-validator's on their query DTOs), so the bad-input battery covers
// every route, including ones added later, without a hand-kept list.
import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { ROLES_KEY } from '../../src/auth/auth.decorators';
import type { RegisteredRoute } from './app';

/** What a query parameter holds, as far as its validation says (or, for a bare `@Query('name')`, its name). */
export type QueryParameterKind = 'instant' | 'integer' | 'enum' | 'cursor' | 'text';

export interface QueryParameter {
  readonly name: string;
  readonly kind: QueryParameterKind;
}

export interface RouteInputs extends RegisteredRoute {
  /** `:name` segments of the pattern, in order. */
  readonly pathParameters: readonly string[];
  readonly query: readonly QueryParameter[];
  /** The handler reads the whole body (`@Body()`). */
  readonly takesBody: boolean;
  /** The roles its `@Roles` declares (empty for a `@Public` route or one that declares none). */
  readonly roles: readonly string[];
}

interface HandlerInputs {
  readonly query: readonly QueryParameter[];
  readonly takesBody: boolean;
  readonly roles: readonly string[];
}

/** For `@Query('name')` parameters, which carry no validation metadata: the kind their name says. */
function kindByName(name: string): QueryParameterKind {
  if (['from', 'to', 'at', 'activeAt'].includes(name)) return 'instant';
  if (['limit', 'days'].includes(name)) return 'integer';
  if (name === 'cursor') return 'cursor';
  return 'text';
}

function dtoParameters(dto: unknown): QueryParameter[] {
  if (typeof dto !== 'function' || dto === Object) return [];
  const storage = getMetadataStorage();
  // Every class-validator decorator is built on ValidateBy: its name (isInt, isInstant…) is the
  // constraint's.
  const constraints = new Map<string, Set<string>>();
  for (const m of storage.getTargetValidationMetadatas(dto, '', true, false)) {
    const names = constraints.get(m.propertyName) ?? new Set<string>();
    for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) names.add(c.name);
    constraints.set(m.propertyName, names);
  }
  return [...constraints].map(([name, names]) => {
    const kind: QueryParameterKind = names.has('isInstant')
      ? 'instant'
      : names.has('isInt')
        ? 'integer'
        : names.has('isIn')
          ? 'enum'
          : kindByName(name);
    return { name, kind };
  });
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => p !== undefined && p !== '' && p !== '/')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .join('/');
  return `/${joined}`;
}

/** A controller's method names, its base classes' included (a route may be declared by a base class). */
function methodNames(prototype: object): Set<string> {
  const names = new Set<string>();
  for (
    let p: object | null = prototype;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(p)) names.add(name);
  }
  return names;
}

/** Every controller method's route (`GET /v1/changes/:changeId`) and the inputs it reads. */
function handlerInputs(app: INestApplication): Map<string, HandlerInputs> {
  const found = new Map<string, HandlerInputs>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const key of methodNames(prototype)) {
        const handler = prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<
          string,
          { index: number; data?: string }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', prototype, key) ?? []) as unknown[];
        const query: QueryParameter[] = [];
        let takesBody = false;
        for (const [slot, arg] of Object.entries(args)) {
          const type = slot.split(':')[0];
          if (type === String(RouteParamtypes.BODY) && arg.data === undefined) takesBody = true;
          if (type === String(RouteParamtypes.QUERY)) {
            if (arg.data !== undefined) query.push({ name: arg.data, kind: kindByName(arg.data) });
            else query.push(...dtoParameters(types[arg.index]));
          }
        }
        const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? []) as string[];
        found.set(`${RequestMethod[method]} ${joinPath(prefix, path)}`, { query, takesBody, roles });
      }
    }
  }
  return found;
}

/** The app's routes (as Fastify registered them) with what each reads; throws for a route no controller declares. */
export function routeInputs(app: INestApplication, routes: readonly RegisteredRoute[]): RouteInputs[] {
  const handlers = handlerInputs(app);
  return routes.map((route) => {
    const inputs = handlers.get(`${route.method} ${route.url}`);
    if (inputs === undefined) throw new Error(`no controller method found for ${route.method} ${route.url}`);
    const pathParameters = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
    return { ...route, pathParameters, ...inputs };
  });
}
