/**
 * The one place that talks HTTP. Every request goes through `api()`, which sends the session cookie, adds the
 * CSRF header to writes, and turns problem+json answers into `ApiError`s.
 */

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  /** The whole problem document, for codes that carry extra members (e.g. `duplicates`). */
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network.error' : `http.${status}`);
    this.detail = problem.detail;
    this.errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
    this.requestId = problem.requestId;
    this.problem = problem;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['field'] === 'string' && typeof v['message'] === 'string';
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

// The CSRF token lives in memory only; it is re-read from GET /api/v1/auth/me after a reload.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called whenever the server says the session is gone, so the app can send the user back to sign-in. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (e.g. If-Match). */
  headers?: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  if (options.signal) init.signal = options.signal;
  try {
    return await fetch(buildUrl(path, options.query), init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'network.error' });
  }
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body: unknown = await response.json();
      if (typeof body === 'object' && body !== null) return body as Problem;
    } catch {
      // fall through to a generic problem
    }
  }
  return { status: response.status, title: response.statusText };
}

async function readBody<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  return JSON.parse(text) as T;
}

function isCsrfFailure(error: ApiError): boolean {
  return error.status === 403 && /csrf/i.test(error.code);
}

export async function api<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (!response.ok) {
    let error = new ApiError(response.status, await readProblem(response));
    // A stale CSRF token (e.g. the session was renewed in another tab): fetch a fresh one and retry once.
    if (method !== 'GET' && isCsrfFailure(error) && (await refreshCsrfToken())) {
      response = await send(method, path, options);
      if (response.ok) return readBody<T>(response);
      error = new ApiError(response.status, await readProblem(response));
    }
    if (error.code === 'auth.unauthenticated') {
      for (const listener of unauthenticatedListeners) listener(error);
    }
    throw error;
  }
  return readBody<T>(response);
}

async function refreshCsrfToken(): Promise<boolean> {
  const response = await send('GET', '/api/v1/auth/me', {});
  if (!response.ok) return false;
  const body = await readBody<{ csrfToken?: unknown }>(response);
  if (typeof body?.csrfToken !== 'string') return false;
  csrfToken = body.csrfToken;
  return true;
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    api<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown, query?: Query) => api<T>('POST', path, { body, ...(query ? { query } : {}) }),
  patch: <T>(path: string, body: unknown) => api<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    api<T>('PUT', path, { body, ...(headers ? { headers } : {}) }),
  delete: (path: string) => api<void>('DELETE', path),
};

/** Path segment encoding for ids that come from the URL. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Sends a file as the raw request body (a CSV upload: no multipart), with the session cookie, the CSRF
 * header and the same problem+json handling as `api()`.
 */
export async function uploadRaw<T>(path: string, file: Blob, contentType: string, query?: Query): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Content-Type': contentType,
  };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { code: 'network.error' });
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await readProblem(response));
    if (error.code === 'auth.unauthenticated') {
      for (const listener of unauthenticatedListeners) listener(error);
    }
    throw error;
  }
  return readBody<T>(response);
}
