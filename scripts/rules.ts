/** `npm run rules`: rewrites stack/rules/lockstep.rules.yml from the rule definitions in the code. */
import { SHIPPED_RULES_FILE, writeShippedRules } from '../stack/rules/shipped-rules';

const changed = writeShippedRules();
console.log(changed ? `Wrote ${SHIPPED_RULES_FILE}.` : `${SHIPPED_RULES_FILE} is already up to date.`);
