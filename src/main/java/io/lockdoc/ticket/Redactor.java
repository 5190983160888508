package io.lockdoc.ticket;

import java.util.List;
import java.util.regex.Pattern;

/** Masks what identifies a customer in text lockdoc quotes or stores: addresses, host and user names, home paths. */
public final class Redactor {
    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b"), "<ip>"),
            new Rule(Pattern.compile("\\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\\b"), "<ip>"),
            new Rule(Pattern.compile("(/home/|/Users/|C:\\\\Users\\\\)[^/\\\\\\s]+"), "$1<user>"),
            new Rule(Pattern.compile("\\b(user|uid|USER|login|owner)=\\S+"), "$1=<user>"),
            new Rule(
                    Pattern.compile(
                            "\\b[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*\\.(?:com|net|org|io|local|lan|internal|corp|intra|example)\\b"),
                    "<host>"),
            new Rule(Pattern.compile("(?m)^([A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) \\S+ "), "$1 <host> "),
            new Rule(Pattern.compile("\\b(host(?:name)?[=:]\\s*)\\S+"), "$1<host>"));

    private final boolean enabled;

    public Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    public String apply(String text) {
        if (!enabled || text == null) {
            return text;
        }
        String s = text;
        for (Rule r : RULES) {
            s = r.pattern().matcher(s).replaceAll(r.replacement());
        }
        return s;
    }
}
