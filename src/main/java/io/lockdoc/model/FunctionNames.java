package io.lockdoc.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Normalises function names so that the same function compares equal across builds. */
public final class FunctionNames {
    private static final Pattern SUFFIX =
            Pattern.compile("\\.(?:isra|constprop|part|cold|lto_priv|llvm|clone)(?:\\.\\d+)?.*$");
    private static final Pattern OFFSET = Pattern.compile("\\+0x[0-9a-fA-F]+(?:/0x[0-9a-fA-F]+)?$");
    private static final Pattern MANGLED = Pattern.compile("^_Z(?:N[KVrO]*)?(\\d+)([A-Za-z_]\\w*)");

    private FunctionNames() {}

    public static String normalize(String function) {
        if (function == null) {
            return null;
        }
        String f = OFFSET.matcher(function.trim()).replaceFirst("");
        f = SUFFIX.matcher(f).replaceFirst("");
        return demangle(f);
    }

    /** The first identifier of an Itanium-mangled C++ name ({@code _Z8fakeNameiii} -> {@code fakeName}). */
    static String demangle(String f) {
        Matcher m = MANGLED.matcher(f);
        if (m.find()) {
            int len = Integer.parseInt(m.group(1));
            String rest = m.group(2);
            if (len > 0 && len <= rest.length()) {
                return rest.substring(0, len);
            }
        }
        return f;
    }
}
