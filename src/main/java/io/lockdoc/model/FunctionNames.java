package io.lockdoc.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Normalises function names so that the same function compares equal across builds. */
public final class FunctionNames {
    private static final Pattern SUFFIX =
            Pattern.compile("\\.(?:isra|constprop|part|cold|lto_priv|llvm|clone)(?:\\.\\d+)?.*$");
    private static final Pattern OFFSET = Pattern.compile("\\+0x[0-9a-fA-F]+(?:/0x[0-9a-fA-F]+)?$");

    private FunctionNames() {}

    public static String normalize(String function) {
        if (function == null) {
            return null;
        }
        String f = OFFSET.matcher(function.trim()).replaceFirst("");
        f = SUFFIX.matcher(f).replaceFirst("");
        return demangle(f);
    }

    private static final Pattern SYSCALL_WRAPPER = Pattern.compile(
            "^(?:compat_)?(?:__x64_sys_|__ia32_sys_|__ia32_compat_sys_|__x32_compat_sys_|__arm64_sys_|__se_sys_|__do_sys_|__do_compat_sys_|SyS_|SYSC_|sys_|ksys_)(?<name>\\w+)$");

    /** A syscall entry wrapper under its one name: {@code __x64_sys_rmdir}, {@code SyS_rmdir}, {@code ksys_rmdir} -> {@code sys_rmdir}; other names unchanged. */
    public static String syscall(String function) {
        if (function == null) {
            return null;
        }
        Matcher m = SYSCALL_WRAPPER.matcher(function);
        return m.matches() ? "sys_" + m.group("name") : function;
    }

    /** An Itanium-mangled C++ name as its qualified name ({@code _ZNSt5mutex4lockEv} -> {@code std::mutex::lock}). */
    static String demangle(String f) {
        return CxxNames.demangle(f);
    }
}
