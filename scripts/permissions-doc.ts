/** Prints the permission and channel tables for docs/permissions.md (`npx tsx scripts/permissions-doc.ts`). */
import { channelTableMarkdown, permissionTableMarkdown } from '../server/policy/describe.js';

process.stdout.write(`${permissionTableMarkdown()}\n\n${channelTableMarkdown()}\n`);
