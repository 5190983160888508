package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.CaptureTime;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a capture was taken, from the capture's own record: a scenario's {@code run-info.txt}
 * ({@code date_utc: 2026-11-21T07:50:25Z}) or lockdoc's {@code collect-log.txt} ({@code lockdoc
 * collect: 2026-12-02T06:00:01.5Z, took 812 ms}). Only the first stamp counts.
 */
final class CaptureInfoParser implements Parser {
    private static final Pattern STAMP = Pattern.compile(
            "^(?:date_utc|lockdoc collect):\\s+(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d))");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            Matcher m = STAMP.matcher(line);
            if (!m.find()) {
                continue;
            }
            try {
                Instant at = OffsetDateTime.parse(m.group(1)).toInstant();
                sink.fact(new CaptureTime(at, Lines.at(artifact, lines.lineNumber(), line)));
                return;
            } catch (DateTimeParseException e) {
                sink.problem(Lines.problem(artifact, lines.lineNumber(), "capture time not readable: " + m.group(1)));
            }
        }
    }
}
