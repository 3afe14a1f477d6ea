// The console's PIN policy page: the effective policy, in words, for everyone and for each
// group that has its own, as the New PIN form states it plus what the helpdesk needs to know
// (expiry, what happens then, random PINs, change on first use); and, for administrators, the
// forced PIN change of a group or of everyone.
import type Router from '@koa/router';
import type { PinPolicy } from '../../domain/pin-policy/index.ts';
import { policyFor, type PinPolicies } from '../../usecases/pin/policies.ts';
import { policyLines, type MessageLine } from '../pin-policy-lines.ts';
import { doneNotice, renderConsole } from './render.ts';

const line = (id: string, values: Record<string, string | number> = {}): MessageLine => ({ id, values });

/** What the helpdesk needs to know beyond what the New PIN form says. */
export function administrationLines(policy: PinPolicy): MessageLine[] {
  const lines: MessageLine[] = [];
  if (policy.expiryDays === 0) lines.push(line('console.policy.never_expires'));
  else {
    lines.push(line('console.policy.expires', { days: policy.expiryDays }));
    lines.push(line(`console.policy.on_expiry.${policy.expiryAction}`));
    if (policy.expiryWarningDays > 0) lines.push(line('console.policy.warning', { days: policy.expiryWarningDays }));
    if (policy.expiryAction === 'lock') lines.push(line('console.policy.grace', { days: policy.graceDaysAfterUnlock }));
  }
  if (policy.forceRandomPins) lines.push(line(`console.policy.random.${policy.randomPinDelivery}`, { length: policy.generatedLength }));
  if (policy.changeOnFirstUse) lines.push(line(policy.changeOnFirstUseLocked ? 'console.policy.first_use_locked' : 'console.policy.first_use'));
  return lines;
}

export function mountPolicyPage(router: Router, policies: PinPolicies): void {
  router.get('/policy', async (ctx) => {
    const describe = (policy: PinPolicy) => [...policyLines(policy, true), ...administrationLines(policy)];
    await renderConsole(ctx, 'policy.njk', 'policy', {
      titleKey: 'console.policy.title',
      notice: doneNotice(ctx, new Set(['force_group_pin_change'])),
      policies: [
        { group: null, lines: describe(policies.global) },
        ...Object.keys(policies.groups).sort().map((group) => ({ group, lines: describe(policyFor(policies, [group])) })),
      ],
    });
  });
}
