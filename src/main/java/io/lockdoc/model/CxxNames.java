package io.lockdoc.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The qualified name of an Itanium-mangled C++ function, as a backtrace without symbol demangling
 * shows it ({@code _ZNSt5mutex4lockEv} -> {@code std::mutex::lock}, {@code _ZZ4mainENKUlvE_clEv} ->
 * {@code main::{lambda()#1}::operator()}): names only, template arguments and parameters dropped, so
 * the same function compares equal however it was instantiated. Anything it cannot read is returned
 * as it came.
 */
final class CxxNames {
    private static final Map<String, String> STD = Map.of(
            "St", "std",
            "Sa", "std::allocator",
            "Sb", "std::basic_string",
            "Ss", "std::string",
            "Si", "std::istream",
            "So", "std::ostream",
            "Sd", "std::iostream");
    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("cl", "operator()"),
            Map.entry("ix", "operator[]"),
            Map.entry("aS", "operator="),
            Map.entry("eq", "operator=="),
            Map.entry("ne", "operator!="),
            Map.entry("lt", "operator<"),
            Map.entry("gt", "operator>"),
            Map.entry("pt", "operator->"),
            Map.entry("ls", "operator<<"),
            Map.entry("rs", "operator>>"),
            Map.entry("nw", "operator new"),
            Map.entry("dl", "operator delete"),
            Map.entry("pl", "operator+"),
            Map.entry("mi", "operator-"),
            Map.entry("de", "operator*"),
            Map.entry("pp", "operator++"),
            Map.entry("mm", "operator--"));

    private final String s;
    private int p;
    /** Substitution candidates seen outside template arguments: the prefixes {@code S_}, {@code S0_}... name. */
    private final List<String> subs = new ArrayList<>();

    private CxxNames(String s) {
        this.s = s;
    }

    static String demangle(String mangled) {
        if (mangled == null || !mangled.startsWith("_Z") || mangled.length() > 4096) {
            return mangled;
        }
        try {
            CxxNames d = new CxxNames(mangled);
            d.p = 2;
            String name = d.name();
            return name == null || name.isEmpty() ? mangled : name;
        } catch (RuntimeException e) {
            return mangled; // an encoding this reader does not know: the raw name still identifies it
        }
    }

    private char peek() {
        return p < s.length() ? s.charAt(p) : '\0';
    }

    private boolean eat(String prefix) {
        if (s.startsWith(prefix, p)) {
            p += prefix.length();
            return true;
        }
        return false;
    }

    private String name() {
        if (eat("L")) {
            return name(); // internal linkage
        }
        if (eat("Z")) {
            String function = name();
            skipUntilEnd(); // the function's parameter types, up to the E that ends the local name
            if (eat("s")) {
                return function + "::{string literal}";
            }
            String entity = name();
            return entity == null ? function : function + "::" + entity;
        }
        if (eat("N")) {
            while ("rVKRO".indexOf(peek()) >= 0) {
                p++;
            }
            return nested();
        }
        String prefix = eat("St") ? "std" : null;
        String unqualified = unqualified(prefix);
        if (peek() == 'I') {
            skipArgs();
        }
        return prefix == null ? unqualified : prefix + "::" + unqualified;
    }

    /** {@code N ... E}: prefixes and the name, each remembered for the substitutions that follow. */
    private String nested() {
        String current = null;
        while (p < s.length() && peek() != 'E') {
            char c = peek();
            if (c == 'I') {
                skipArgs();
                continue;
            }
            if (c == 'S' && p + 1 < s.length()) {
                current = substitution();
                continue;
            }
            String part = unqualified(current);
            current = current == null ? part : current + "::" + part;
            subs.add(current);
        }
        eat("E");
        return current;
    }

    private String substitution() {
        String two = s.substring(p, Math.min(p + 2, s.length()));
        if (STD.containsKey(two)) {
            p += 2;
            return STD.get(two);
        }
        p++; // S
        int end = s.indexOf('_', p);
        String seq = s.substring(p, end);
        p = end + 1;
        int index = seq.isEmpty() ? 0 : Integer.parseInt(seq, 36) + 1;
        return index < subs.size() ? subs.get(index) : null;
    }

    private String unqualified(String enclosing) {
        char c = peek();
        if (Character.isDigit(c)) {
            String id = sourceName();
            while (eat("B")) {
                sourceName(); // an ABI tag ([abi:cxx11])
            }
            return id;
        }
        if (c == 'C' && p + 1 < s.length() && Character.isDigit(s.charAt(p + 1))) {
            p += 2;
            return last(enclosing);
        }
        if (c == 'D' && p + 1 < s.length() && "012".indexOf(s.charAt(p + 1)) >= 0) {
            p += 2;
            return "~" + last(enclosing);
        }
        if (eat("Ul")) {
            skipUntilEnd();
            return "{lambda()#" + (discriminator() + 1) + "}";
        }
        if (eat("Ut")) {
            return "{unnamed type#" + (discriminator() + 1) + "}";
        }
        if (eat("cv")) {
            skipType();
            return "operator conversion";
        }
        if (p + 2 > s.length() || !Character.isLowerCase(c) || !Character.isLetter(s.charAt(p + 1))) {
            throw new IllegalStateException("not a name at " + p);
        }
        String op = s.substring(p, p + 2);
        p += 2;
        return OPERATORS.getOrDefault(op, "operator" + op);
    }

    private static String last(String enclosing) {
        if (enclosing == null) {
            return "?";
        }
        int i = enclosing.lastIndexOf("::");
        return i < 0 ? enclosing : enclosing.substring(i + 2);
    }

    /** {@code _} or {@code N_}: which of several like it, from 0. */
    private int discriminator() {
        int start = p;
        while (Character.isDigit(peek())) {
            p++;
        }
        int n = p > start ? Integer.parseInt(s.substring(start, p)) + 1 : 0;
        eat("_");
        return n;
    }

    private String sourceName() {
        int start = p;
        while (Character.isDigit(peek())) {
            p++;
        }
        int len = Integer.parseInt(s.substring(start, p));
        String id = s.substring(p, p + len);
        p += len;
        return id.startsWith("_GLOBAL__N") ? "(anonymous namespace)" : id;
    }

    private void skipArgs() {
        eat("I");
        skipUntilEnd();
    }

    /** Skips types and expressions up to the {@code E} that closes the current level, and that {@code E}. */
    private void skipUntilEnd() {
        int depth = 0;
        while (p < s.length()) {
            char c = s.charAt(p);
            if (Character.isDigit(c)) {
                sourceName();
            } else if (c == 'E') {
                p++;
                if (depth-- == 0) {
                    return;
                }
            } else if (c == 'L' && p + 1 < s.length() && s.charAt(p + 1) != '_') {
                int end = s.indexOf('E', p);
                p = end + 1; // a literal: L type value E
            } else if (c == 'S' || c == 'T') {
                skipSubstitution();
            } else if (c == 'D' && p + 1 < s.length()) {
                char d = s.charAt(p + 1);
                p += 2;
                if (d == 'T' || d == 't') {
                    depth++;
                }
            } else if (s.startsWith("Ul", p)) {
                p += 2;
                depth++;
            } else {
                if ("NIXJZ".indexOf(c) >= 0) {
                    depth++;
                }
                p++;
            }
        }
    }

    /** A conversion operator's target type: one type, read as far as its first letter and arguments. */
    private void skipType() {
        char c = peek();
        if (Character.isDigit(c)) {
            sourceName();
        } else if (c == 'N') {
            p++;
            skipUntilEnd();
        } else {
            p++;
        }
        if (peek() == 'I') {
            skipArgs();
        }
    }

    private void skipSubstitution() {
        String two = s.substring(p, Math.min(p + 2, s.length()));
        if (STD.containsKey(two)) {
            p += 2;
            return;
        }
        int end = s.indexOf('_', p + 1);
        p = end < 0 ? s.length() : end + 1;
    }
}
