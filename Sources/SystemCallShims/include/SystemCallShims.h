// SystemCallShims: the kernel calls that Swift cannot make directly, because glibc offers them
// only through variadic functions (syscall(2), prctl(2)), which Swift does not import. Each is a
// fixed-arity inline wrapper; SystemCalls is their only caller.
#ifndef SYSTEM_CALL_SHIMS_H
#define SYSTEM_CALL_SHIMS_H

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

// The Landlock calls have one number on every architecture (the generic table's 444 to 446).
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_landlock_add_rule
#define SYS_landlock_add_rule 445
#endif
#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif

/// landlock_create_ruleset(2); -1 and errno on failure.
static inline long shim_landlock_create_ruleset(const void *attr, unsigned long size, unsigned int flags) {
    return syscall(SYS_landlock_create_ruleset, attr, size, flags);
}

/// landlock_add_rule(2); -1 and errno on failure.
static inline long shim_landlock_add_rule(int ruleset_fd, int rule_type, const void *rule_attr, unsigned int flags) {
    return syscall(SYS_landlock_add_rule, ruleset_fd, rule_type, rule_attr, flags);
}

/// landlock_restrict_self(2); -1 and errno on failure.
static inline long shim_landlock_restrict_self(int ruleset_fd, unsigned int flags) {
    return syscall(SYS_landlock_restrict_self, ruleset_fd, flags);
}

/// prctl(PR_SET_NO_NEW_PRIVS, 1): what landlock_restrict_self needs of an unprivileged process.
static inline int shim_set_no_new_privileges(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

#endif
