package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.MountEntry;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /proc/<pid>/mountinfo} ({@code proc(5)}): {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS
 * [TAGS...] - FSTYPE SOURCE SUPER-OPTIONS}, paths with octal escapes ({@code \040}). One
 * {@link MountEntry} per line: the FUSE mounts (connection = device minor) and the cgroup v2 root.
 */
public final class MountinfoParser implements Parser {
    static final Pattern LINE = Pattern.compile(
            "^(\\d+) (\\d+) (\\d+):(\\d+) (\\S+) (\\S+) \\S+(?: \\S+)* - (\\S+) (\\S+)(?: (\\S+))?\\s*$");
    private static final int MAX_MOUNTS = 100_000;

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        String line;
        int n = 0;
        while ((line = lines.readLine()) != null && n < MAX_MOUNTS) {
            Matcher m = LINE.matcher(line);
            int no = lines.lineNumber();
            if (!m.matches()) {
                if (!line.isBlank()) {
                    sink.problem(Lines.problem(
                            artifact,
                            no,
                            "expected 'ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE SOURCE OPTIONS', got: "
                                    + (line.length() > 80 ? line.substring(0, 80) + "..." : line)));
                }
                continue;
            }
            try {
                n++;
                sink.fact(new MountEntry(
                        artifact + "#mount" + m.group(1),
                        Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)),
                        unescape(m.group(5)),
                        unescape(m.group(6)),
                        m.group(7),
                        unescape(m.group(8)),
                        m.group(9) == null ? "" : m.group(9),
                        Lines.at(artifact, no, line.strip())));
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, no, e));
            }
        }
    }

    /** The kernel writes space, tab, newline and backslash in paths as {@code \ooo}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
