#!/usr/bin/env python3
"""Checks that the domain's property tests fail when a rule they guard is broken.

Each mutation breaks one rule in a throwaway copy of libs/domain and runs the property spec there;
every mutation must be CAUGHT. Run by hand: python3 scripts/check-property-mutations.py
"""
import os, shutil, subprocess, sys, tempfile

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

muts = [
 ("a: lift accepted when final", "libs/domain/src/decide/ending.decide.ts", "requireSeniorDecision(state, metadata.actor, ErrorCode.NotInForce, 'active', 'suspended');\n  requireOneOf(LIFT_REASONS", "requireSeniorDecision(state, metadata.actor, ErrorCode.NotInForce, 'active', 'suspended', 'lifted', 'expired');\n  requireOneOf(LIFT_REASONS"),
 ("a: expire designation ignores final", "libs/domain/src/decide/ending.decide.ts", "if (isFinal(designation.status) || designation.status === 'proposed') return [];", "if (designation.status === 'proposed') return [];"),
 ("b: no ceiling check on escalation", "libs/domain/src/decide/measures.decide.ts", "requireWithinCeiling(policy, designation.category, data.measures);", ""),
 ("b: no max duration on extension", "libs/domain/src/decide/ending.decide.ts", "if (isAfter(sunsetAt, addDuration(now, policy.maxDuration))) {", "if (false && isAfter(sunsetAt, addDuration(now, policy.maxDuration))) {"),
 ("b: no max duration at proposal nor approval", "libs/domain/src/decide/proposal.decide.ts", "if (isAfter(sunsetAt, addDuration", "if (false && isAfter(sunsetAt, addDuration"),
 ("c: no four-eyes on approval", "libs/domain/src/decide/proposal.decide.ts", "const designation = requireSeniorDecision(state, metadata.actor, ErrorCode.NotProposed, 'proposed');", "const designation = requireStatus(state, ErrorCode.NotProposed, 'proposed'); requireRole(metadata.actor, 'senior_official');"),
 ("c: no four-eyes in any senior decision", "libs/domain/src/decide/guards.ts", "  requireRole(actor, 'senior_official');\n  requireNotProposer(designation, actor);", "  requireRole(actor, 'senior_official');"),
 ("d: reminder not deduplicated", "libs/domain/src/decide/review.decide.ts", "if (!reminder || designation.remindersIssued.includes(reminderKey(reviewDueAt, reminder.remindAt))) return [];", "if (!reminder) return [];"),
 ("d: overdue flag repeats", "libs/domain/src/decide/review.decide.ts", "if (!inForce || !notificationDueAt || notifiedAt || notificationOverdueFlagged) return [];", "if (!inForce || !notificationDueAt || notifiedAt) return [];"),
 ("d: exemption expiry repeats", "libs/domain/src/decide/exemptions.decide.ts", "if (exemption.status !== 'in_force' || isBefore(", "if (isBefore("),
 ("e: evolve mutates state", "libs/domain/src/designation.evolve.ts", "return { ...state, remindersIssued: [...state.remindersIssued, reminderKey(event.data.reviewDueAt, event.data.remindAt)] };", "state.remindersIssued.push(reminderKey(event.data.reviewDueAt, event.data.remindAt)); return { ...state };"),
 ("e: evolve nondeterministic", "libs/domain/src/designation.evolve.ts", "return { ...state, notifiedAt: event.data.notifiedAt };", "return { ...state, notifiedAt: Math.random() > 0.5 ? event.data.notifiedAt : undefined };"),
]

def main():
    work = tempfile.mkdtemp(prefix="mutations-")
    try:
        shutil.copytree(os.path.join(repo, "libs/domain"), os.path.join(work, "libs/domain"))
        shutil.copytree(os.path.join(repo, "test/support"), os.path.join(work, "test/support"))
        for name in ("jest.config.js", "tsconfig.json"):
            shutil.copy(os.path.join(repo, name), work)
        os.symlink(os.path.join(repo, "node_modules"), os.path.join(work, "node_modules"))
        missed = 0
        for name, path, old, new in muts:
            target = os.path.join(work, path)
            original = open(target).read()
            if old not in original:
                print(f"STALE  {name}: the code it breaks has changed; update this script")
                missed += 1
                continue
            open(target, "w").write(original.replace(old, new))
            run = subprocess.run(
                ["npx", "jest", "--selectProjects", "unit", "--verbose", "--", "libs/domain/src/designation.properties"],
                cwd=work, capture_output=True, text=True)
            failed = [l.strip() for l in (run.stdout + run.stderr).splitlines() if l.strip().startswith("\u2715")]
            print(f"{'CAUGHT' if failed else 'MISSED'} {name}" + (f"  <- {failed[0]}" if failed else ""), flush=True)
            missed += 0 if failed else 1
            open(target, "w").write(original)
        sys.exit(1 if missed else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
