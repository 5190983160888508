package io.lockdoc.parse.windows;

import io.lockdoc.model.Completeness;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.windows.WinAppHang;
import io.lockdoc.model.windows.WinBugCheck;
import io.lockdoc.parse.FactSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one event (from XML or the Event Viewer text copy) into facts: hangs and bug checks. */
final class EventRecords {
    private static final Pattern BUGCHECK_TEXT = Pattern.compile("(?i)bugcheck was:\\s*0x([0-9a-f]+)\\s*\\(([^)]*)\\)");

    private EventRecords() {}

    /** One event's fields: provider, id, named and positional data. */
    record Event(
            String provider,
            Integer eventId,
            String time,
            Map<String, String> named,
            List<String> data,
            String binary,
            String text) {}

    static void emit(String artifact, String id, Evidence ev, Event e, FactSink sink) {
        String provider = e.provider() == null ? "" : e.provider();
        int eid = e.eventId() == null ? -1 : e.eventId();
        if (provider.equalsIgnoreCase("Application Hang") && eid == 1002) {
            String app = first(e.named().get("AppName"), at(e.data(), 0));
            String hangType = first(e.named().get("HangType"), utf16(e.binary()));
            sink.fact(new WinAppHang(
                    id,
                    ev,
                    app,
                    first(e.named().get("AppVersion"), at(e.data(), 1)),
                    first(e.named().get("ProcessId"), at(e.data(), 2)),
                    hangType,
                    "Application Hang 1002",
                    e.time()));
            return;
        }
        int hangB1 = indexOf(e.data(), "AppHangB1");
        String eventName = e.named().get("EventName");
        // AppHangB1 and its kin (AppHangXProcB1: the hang waits on another program) are all hang reports
        if (hangB1 >= 0 || (eventName != null && eventName.regionMatches(true, 0, "AppHang", 0, 7))) {
            String app = first(e.named().get("P1"), at(e.data(), hangB1 + 3));
            sink.fact(new WinAppHang(
                    id,
                    ev,
                    app,
                    first(e.named().get("P2"), at(e.data(), hangB1 + 4)),
                    null,
                    null,
                    "AppHangB1",
                    e.time()));
            return;
        }
        if (provider.toLowerCase(Locale.ROOT).contains("kernel-power") && eid == 41) {
            String code = e.named().get("BugcheckCode");
            if (code != null && code.strip().matches("\\d+") && Long.parseLong(code.strip()) != 0) {
                List<String> args = new ArrayList<>();
                for (int i = 1; i <= 4; i++) {
                    args.add(e.named().get("BugcheckParameter" + i));
                }
                sink.fact(bugCheck(id, ev, Long.parseLong(code.strip()), args));
            }
            return;
        }
        String text = String.join(" ", e.data()) + " "
                + String.join(" ", e.named().values()) + " " + (e.text() == null ? "" : e.text());
        Matcher m = BUGCHECK_TEXT.matcher(text);
        if (eid == 1001 && m.find()) {
            List<String> args = new ArrayList<>();
            for (String a : m.group(2).split(",")) {
                args.add(a.strip().replaceFirst("^0x", ""));
            }
            sink.fact(bugCheck(id, ev, Long.parseLong(m.group(1), 16), args));
        }
    }

    private static WinBugCheck bugCheck(String id, Evidence ev, long code, List<String> args) {
        return new WinBugCheck(
                id,
                ev,
                "eventlog",
                code,
                null,
                args,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                null,
                Completeness.COMPLETE);
    }

    static String utf16(String hex) {
        if (hex == null || hex.length() < 4 || !hex.matches("(?i)[0-9a-f]+")) {
            return null;
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        String s =
                new String(b, StandardCharsets.UTF_16LE).replace("\u0000", " ").strip();
        return s.isEmpty() ? null : s;
    }

    private static int indexOf(List<String> data, String v) {
        for (int i = 0; i < data.size(); i++) {
            if (v.equalsIgnoreCase(data.get(i) == null ? null : data.get(i).strip())) {
                return i;
            }
        }
        return -1;
    }

    private static String at(List<String> l, int i) {
        return i >= 0 && i < l.size() ? l.get(i) : null;
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.strip() : b == null || b.isBlank() ? null : b.strip();
    }
}
