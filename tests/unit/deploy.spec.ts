import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * docker-compose.yml cannot run here (no Docker engine): these checks keep it consistent with the
 * one nginx template (deploy/nginx.conf) the production-shape suite runs for real.
 */
const root = join(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  networks?: { default?: { ipv4_address?: string } };
}
const compose = load(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  networks: { default: { ipam: { config: Array<{ subnet: string }> } } };
};
/** A service's environment with YAML merge keys (`<<: *app-env`) applied, as Compose does. */
function environment(name: string): Record<string, string> {
  const raw = (compose.services[name]!.environment ?? {}) as Record<string, string> & { '<<'?: Record<string, string> };
  const { '<<': merged, ...own } = raw;
  return { ...merged, ...own };
}
const nginx = read('deploy/nginx.conf');
const templateVariables = [...new Set([...nginx.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!))];

describe('the production shape (docker-compose.yml, deploy/nginx.conf, Dockerfile)', () => {
  it('fills every variable of the nginx template, and only the ATELIER_ ones', () => {
    const web = compose.services.web!;
    expect(templateVariables.sort()).toEqual(['ATELIER_API_SERVERS', 'ATELIER_LISTEN', 'ATELIER_WEB_ROOT']);
    for (const name of templateVariables) expect(web.environment?.[name]).toBeTruthy();
    expect(new RegExp(web.environment!.NGINX_ENVSUBST_FILTER!).test('ATELIER_LISTEN')).toBe(true);
    expect(new RegExp(web.environment!.NGINX_ENVSUBST_FILTER!).test('HOSTNAME')).toBe(false);
    expect(read('Dockerfile')).toContain('COPY deploy/nginx.conf /etc/nginx/templates/default.conf.template');
  });

  it('never proxies /metrics publicly', () => {
    const proxied = [...nginx.matchAll(/location\s+(?:~\*?\s+)?(\S+)\s*\{([^}]*)\}/g)].filter((m) =>
      m[2]!.includes('proxy_pass'),
    );
    expect(proxied.length).toBeGreaterThan(0);
    for (const [, pattern] of proxied) {
      const re = pattern!.startsWith('^') ? new RegExp(pattern!) : null;
      expect(re ? re.test('/metrics') : '/metrics'.startsWith(pattern!)).toBe(false);
    }
    // …and the client's fallback (index.html for any path) does not answer it either.
    expect(nginx).toMatch(/location = \/metrics \{\s*return 404;\s*\}/);
  });

  it('trusts X-Forwarded-For from the nginx container only', () => {
    const nginxAddress = compose.services.web!.networks?.default?.ipv4_address;
    expect(nginxAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(environment('api').TRUST_PROXY).toBe(nginxAddress);
    const [subnet] = compose.networks.default.ipam.config;
    expect(nginxAddress!.startsWith(subnet!.subnet.split('.').slice(0, 3).join('.'))).toBe(true);
  });

  it('migrates before any API node or worker starts, shares live boards between API nodes, and checks health', () => {
    expect(compose.services.migrate!.command).toEqual(expect.arrayContaining(['dist/apps/api/src/cli.js', 'migrate']));
    expect(compose.services.api!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(compose.services.worker!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(environment('api').REALTIME_ADAPTER).toBe('postgres');
    for (const name of ['postgres', 'minio', 'api', 'web'])
      expect(compose.services[name]!.healthcheck?.test.length).toBeGreaterThan(0);
    // every variable the app needs is set for the API, the worker and the migration
    for (const name of ['migrate', 'api', 'worker']) {
      const env = environment(name);
      for (const v of ['DATABASE_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'PUBLIC_URL', 'NODE_ENV'])
        expect(env[v]).toBeTruthy();
    }
    // every ${VARIABLE} the file takes from .env is listed in .env.example
    const example = read('.env.example');
    for (const [, name] of read('docker-compose.yml').matchAll(/\$\{(\w+)(?::-[^}]*)?\}/g))
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
