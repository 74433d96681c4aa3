import { randomBytes } from 'node:crypto';
import { OrganisationSetupService } from '../setup/organisation-setup.service.js';
import type { CliCommand } from './cli-command.js';

const createOrganisation: CliCommand = {
  summary: 'create an organisation with its first admin; prints its id and the sign-in address',
  needs: 'app',
  flags: {
    name: { required: true, value: 'NAME', description: 'the organisation\'s name' },
    slug: { required: true, value: 'SLUG', description: 'its address in links, e.g. atelier-gent' },
    languages: { required: false, value: 'fr,nl,en,ar', description: 'languages it works in, the first is its default (all four if omitted)' },
    'admin-name': { required: true, value: 'NAME', description: 'the first admin\'s name' },
    'admin-email': { required: true, value: 'EMAIL', description: 'the first admin\'s e-mail (their sign-in)' },
    'admin-password': { required: false, value: 'PASSWORD', description: 'their password; without it one is generated and printed once' },
    'instance-admin': { required: false, value: 'yes|no', description: 'also make the admin an instance admin (default no)' },
  },
  async run(ctx, f) {
    const generated = f['admin-password'] === undefined;
    // 15 random bytes → 20 base64url characters (120 bits).
    const password = f['admin-password'] ?? randomBytes(15).toString('base64url');
    const created = await ctx.get(OrganisationSetupService).create(
      {
        name: f['name']!,
        slug: f['slug']!,
        languages: (f['languages'] ?? 'fr,nl,en,ar').split(','),
        adminName: f['admin-name']!,
        adminEmail: f['admin-email']!,
        adminPassword: password,
      },
      { instanceAdmin: yes(f['instance-admin']) },
    );
    ctx.out(`Organisation created: ${created.organisationId}`);
    ctx.out(`Sign in at ${created.signInUrl} as ${f['admin-email']!.trim().toLowerCase()}`);
    if (generated) ctx.out(`Password (shown only now): ${password}`);
  },
};

const listOrganisations: CliCommand = {
  summary: 'list the organisations: id, slug, name, members, suspended',
  needs: 'app',
  flags: {},
  async run(ctx) {
    const rows = await ctx.get(OrganisationSetupService).list();
    if (rows.length === 0) {
      ctx.out('No organisation yet. Create one with create-organisation, or use the setup link the API prints.');
      return;
    }
    const table = [['id', 'slug', 'name', 'members', 'suspended'], ...rows.map((o) => [o.id, o.slug, o.name, String(o.members), o.suspended ? 'yes' : 'no'])];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    for (const r of table) ctx.out(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  },
};

function yes(value: string | undefined): boolean {
  return value !== undefined && ['yes', 'true', '1'].includes(value.toLowerCase());
}

export const organisationCommands: Record<string, CliCommand> = {
  'create-organisation': createOrganisation,
  'list-organisations': listOrganisations,
};
