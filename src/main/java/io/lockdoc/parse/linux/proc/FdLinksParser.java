package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.userspace.OpenFile;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fd links of a process as collected text ({@code proc/<pid>/fd.txt}: {@code N -> target}
 * per line, as {@code readlink} prints them): which files, pipes, sockets and devices it holds.
 */
public final class FdLinksParser implements Parser {
    static final Pattern LINK = Pattern.compile("^\\s*(\\d+)\\s+->\\s+(.+?)\\s*$");
    private static final int MAX_LINKS = 65_536;

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Integer[] ids = Lines.procIds(artifact);
        if (ids == null) {
            sink.problem(Lines.problem(
                    artifact,
                    0,
                    "cannot tell which process these fd links belong to: keep the file as proc/<pid>/fd.txt"));
            return;
        }
        String line;
        int n = 0;
        while ((line = lines.readLine()) != null && n < MAX_LINKS) {
            Matcher m = LINK.matcher(line);
            if (m.matches()) {
                n++;
                int no = lines.lineNumber();
                sink.fact(new OpenFile(
                        artifact + "#fd" + m.group(1),
                        ids[0],
                        Integer.parseInt(m.group(1)),
                        m.group(2),
                        new Evidence(artifact, no, no, List.of(new Evidence.QuotedLine(no, line.strip())))));
            } else if (!line.isBlank()) {
                sink.problem(Lines.problem(
                        artifact,
                        lines.lineNumber(),
                        "expected 'FD -> TARGET', got: "
                                + (line.length() > 80 ? line.substring(0, 80) + "..." : line)));
            }
        }
    }
}
