package io.lockdoc.parse.windows;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Event Viewer text copy ("Copy details as text": {@code Log Name:}, {@code Source:},
 * {@code Event ID:}, then the description) and WER report text ({@code Event Name: AppHangB1},
 * {@code P1: app.exe}). Each {@code Log Name:} starts an event.
 */
public final class EventLogTextParser implements Parser {
    private static final Pattern FIELD = Pattern.compile(
            "^\\s*(Log Name|Source|Date|Event ID|Level|Computer|Event Name|Fault bucket|P\\d|Problem Event Name|Application Name|Application Version):\\s*(.*?)\\s*$");
    private static final Pattern PROGRAM =
            Pattern.compile("The program (\\S+) version (\\S+) stopped interacting with Windows");
    private static final Pattern PROCESS_ID = Pattern.compile("^\\s*Process ID:\\s*(\\S+)");
    private static final Pattern HANG_TYPE = Pattern.compile("^\\s*Hang type:\\s*(.*?)\\s*$");
    /** Any label, localised or a WER file's {@code EventType=}: the event name itself is never translated. */
    private static final Pattern APP_HANG_EVENT = Pattern.compile("^\\s*[^:=\\t]{1,60}[:=]\\s*(AppHang\\w*)\\s*$");
    /** A field whose value is a program ({@code 应用程序名: explorer.exe}, {@code Sig[0].Value=explorer.exe}). */
    private static final Pattern EXE_VALUE = Pattern.compile(
            "^\\s*[^:=\\t]{1,60}[:=]\\s*(?:\\S*[\\\\/])?([^\\s\\\\/]+\\.exe)\\s*$", Pattern.CASE_INSENSITIVE);

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        AppHangRepeats folded = new AppHangRepeats(sink);
        try {
            read(artifact, lines, folded);
        } finally {
            folded.flush(); // what was read before a failure is kept
        }
    }

    private static void read(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        String raw;
        Acc a = null;
        int n = 0;
        while ((raw = lines.readLine()) != null) {
            try {
                int no = lines.lineNumber();
                Matcher m = FIELD.matcher(raw);
                if (m.matches() && m.group(1).equals("Log Name") && a != null) {
                    a.emit(artifact, ++n, sink);
                    a = null;
                }
                if (a == null) {
                    if (raw.isBlank()) {
                        continue;
                    }
                    a = new Acc(no);
                }
                a.line(no, raw, m.matches() ? m : null);
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (a != null) {
            a.emit(artifact, ++n, sink);
        }
    }

    private static final class Acc {
        final int first;
        int last;
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<String> data = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        final List<Evidence.QuotedLine> quoted = new ArrayList<>();
        Integer eventId;

        Acc(int first) {
            this.first = first;
        }

        void line(int no, String raw, Matcher field) {
            Integer id = null;
            if (field != null
                    && field.group(1).equals("Event ID")
                    && field.group(2).matches("\\d+")) {
                // read here, not at emit: an ID too long for a number is reported against its own line, which is
                // skipped
                id = Integer.valueOf(field.group(2));
            }
            last = no;
            boolean keep = false;
            if (field != null) {
                if (fields.putIfAbsent(field.group(1), field.group(2)) == null && id != null) {
                    eventId = id;
                }
                keep = !field.group(1).equals("Date") && !field.group(1).equals("Computer");
            }
            Matcher m;
            if ((m = PROGRAM.matcher(raw)).find()) {
                fields.put("AppName", m.group(1));
                fields.put("AppVersion", m.group(2));
                keep = true;
            } else if ((m = PROCESS_ID.matcher(raw)).find()) {
                fields.put("ProcessId", m.group(1));
                keep = true;
            } else if ((m = HANG_TYPE.matcher(raw)).find()) {
                fields.put("HangType", m.group(1));
                keep = true;
            } else if (field == null && (m = APP_HANG_EVENT.matcher(raw)).matches()) {
                fields.putIfAbsent("Event Name", m.group(1));
                keep = true;
            } else if ((field == null || field.group(1).equals("Application Name"))
                    && (m = EXE_VALUE.matcher(raw)).matches()) {
                fields.putIfAbsent("ExeName", m.group(1));
                keep = true;
            }
            if (text.length() < 4096) {
                text.append(raw).append(' ');
            }
            if (keep && quoted.size() < 12) {
                quoted.add(new Evidence.QuotedLine(no, raw.strip()));
            }
        }

        void emit(String artifact, int n, FactSink sink) {
            Map<String, String> named = new LinkedHashMap<>(fields);
            String eventName = first(fields.get("Event Name"), fields.get("Problem Event Name"));
            if (eventName != null) {
                named.put("EventName", eventName);
            }
            if (fields.containsKey("Application Name") && !named.containsKey("P1")) {
                named.put("P1", fields.get("Application Name"));
            }
            if (fields.containsKey("ExeName") && !named.containsKey("P1")) {
                named.put("P1", fields.get("ExeName"));
            }
            String source = fields.get("Source");
            Integer id = eventId;
            if (source == null && id == null && fields.containsKey("AppName")) {
                // the General tab alone ("The program X version V stopped interacting with Windows"): event 1002's text
                source = "Application Hang";
                id = 1002;
            }
            EventRecords.emit(
                    artifact,
                    artifact + "#event" + n,
                    new Evidence(artifact, first, Math.max(first, last), quoted),
                    new EventRecords.Event(source, id, fields.get("Date"), named, data, null, text.toString()),
                    sink);
        }

        private static String first(String a, String b) {
            return a != null ? a : b;
        }
    }
}
