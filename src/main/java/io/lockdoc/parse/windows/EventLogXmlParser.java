package io.lockdoc.parse.windows;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Problem;
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
 * Reads event-log XML ({@code wevtutil qe /f:xml}, {@code Get-WinEvent ... ToXml()}, the Event
 * Viewer "XML view" copy). Tolerant on purpose: Event Viewer copies carry {@code - } collapse
 * markers and browser copies inject text, so each element is read by pattern, event by event.
 */
public final class EventLogXmlParser implements Parser {
    private static final Pattern PROVIDER = Pattern.compile("<Provider\\s+Name=\"([^\"]*)\"");
    private static final Pattern EVENT_ID = Pattern.compile("<EventID(?:\\s[^>]*)?>\\s*(\\d+)\\s*</EventID>");
    private static final Pattern TIME = Pattern.compile("<TimeCreated\\s+SystemTime=\"([^\"]*)\"");
    private static final Pattern DATA = Pattern.compile("<Data(?:\\s+Name=\"([^\"]*)\")?\\s*(?:/>|>(.*?)</Data>)");
    private static final Pattern BINARY = Pattern.compile("<Binary>\\s*([0-9A-Fa-f]*)\\s*</Binary>");
    private static final Pattern TEXT = Pattern.compile("<string>(.*?)</string>");

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
        Acc acc = null;
        int n = 0;
        while ((raw = lines.readLine()) != null) {
            try {
                int no = lines.lineNumber();
                String t = raw.strip().replaceFirst("^-\\s+", "");
                if (t.startsWith("<Event ") || t.equals("<Event>") || t.startsWith("<Event xmlns")) {
                    if (acc != null) {
                        emit(artifact, ++n, acc, sink, true);
                    }
                    acc = new Acc(no);
                }
                if (acc == null) {
                    continue;
                }
                acc.line(no, t);
                if (t.contains("</Event>")) {
                    emit(artifact, ++n, acc, sink, false);
                    acc = null;
                }
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (acc != null) {
            emit(artifact, ++n, acc, sink, true);
        }
        if (n == 0) {
            sink.problem(new Problem(Problem.ErrorId.UNKNOWN_FORMAT, artifact, 1, "no <Event> element found"));
        }
    }

    private static void emit(String artifact, int n, Acc a, FactSink sink, boolean cut) {
        Evidence ev = new Evidence(artifact, a.first, Math.max(a.first, a.last), a.quoted);
        EventRecords.emit(
                artifact,
                artifact + "#event" + n,
                ev,
                new EventRecords.Event(a.provider, a.eventId, a.time, a.named, a.data, a.binary, a.text.toString()),
                sink);
        if (cut) {
            sink.problem(new Problem(
                    Problem.ErrorId.TRUNCATED_REPORT,
                    artifact,
                    a.first,
                    "event " + (a.eventId == null ? "" : a.eventId + " ")
                            + "has no closing </Event> (cut copy); the fields read are kept"));
        }
    }

    private static final class Acc {
        final int first;
        int last;
        String provider;
        Integer eventId;
        String time;
        final Map<String, String> named = new LinkedHashMap<>();
        final List<String> data = new ArrayList<>();
        String binary;
        final StringBuilder text = new StringBuilder();
        final List<Evidence.QuotedLine> quoted = new ArrayList<>();

        Acc(int first) {
            this.first = first;
        }

        void line(int no, String t) {
            last = no;
            Matcher m;
            boolean keep = false;
            if ((m = PROVIDER.matcher(t)).find()) {
                provider = m.group(1);
                keep = true;
            }
            if ((m = EVENT_ID.matcher(t)).find()) {
                eventId = Integer.valueOf(m.group(1));
                keep = true;
            }
            if ((m = TIME.matcher(t)).find()) {
                time = m.group(1);
                keep = true;
            }
            m = DATA.matcher(t);
            while (m.find() && data.size() < 256) {
                String v = m.group(2) == null ? null : unescape(m.group(2));
                if (m.group(1) != null) {
                    named.put(m.group(1), v);
                }
                data.add(v);
                keep = true;
            }
            if ((m = BINARY.matcher(t)).find()) {
                binary = m.group(1);
                keep = true;
            }
            if ((m = TEXT.matcher(t)).find() && text.length() < 4096) {
                text.append(unescape(m.group(1))).append(' ');
            }
            if (keep && quoted.size() < 16) {
                quoted.add(new Evidence.QuotedLine(no, t));
            }
        }

        static String unescape(String s) {
            return s.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&");
        }
    }
}
