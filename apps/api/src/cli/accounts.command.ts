import { StaffAccountsService } from '../setup/staff-accounts.service.js';
import type { CliCommand } from './cli-command.js';

const email = { required: true, value: 'EMAIL', description: 'the staff account\'s e-mail' };

export const accountCommands: Record<string, CliCommand> = {
  'grant-instance-admin': {
    summary: 'let a staff account administer the instance (create and suspend organisations)',
    needs: 'app',
    flags: { email },
    async run(ctx, f) {
      await ctx.get(StaffAccountsService).setInstanceAdmin(f['email']!, true);
      ctx.out(`${f['email']} is now an instance admin.`);
    },
  },
  'revoke-instance-admin': {
    summary: 'take instance administration away from a staff account',
    needs: 'app',
    flags: { email },
    async run(ctx, f) {
      await ctx.get(StaffAccountsService).setInstanceAdmin(f['email']!, false);
      ctx.out(`${f['email']} is no longer an instance admin.`);
    },
  },
  'reset-password': {
    summary: 'give a staff account a new random password (printed once), end its sessions, clear its lockout',
    needs: 'app',
    flags: { email },
    async run(ctx, f) {
      const password = await ctx.get(StaffAccountsService).resetPassword(f['email']!);
      ctx.out(`New password for ${f['email']} (shown only now): ${password}`);
      ctx.out('Every session of this account has been ended.');
    },
  },
};
