package io.lockdoc.detect;

import java.util.regex.Pattern;

/** Content tests for the Windows formats: debugger text, Process Monitor exports, event logs. */
final class WindowsFormats {
    private static final Pattern PROMPT = Pattern.compile("(?m)^\\s*(?:##\\s*)?(?:\\d+:\\d{3}>|(?:\\d+:)*\\s*kd>)");
    private static final Pattern DEBUGGER_MARKERS = Pattern.compile("(?m)\\*\\s+(?:Bugcheck|Exception) Analysis\\s+\\*"
            + "|^CritSec \\S+ at [0-9a-fA-F`]+|^Critical section\\s+= |^\\s*Resource @ (?:\\S+ \\()?0x[0-9a-fA-F`]+"
            + "|Deadlock detected \\(\\d+ (?:locks|resources) in \\d+ threads\\)|^ChildEBP RetAddr|Child-SP\\s+RetAddr"
            + "|^(?:FAILURE_BUCKET_ID|BUGCHECK_STR|BUGCHECK_CODE|DEFAULT_BUCKET_ID):|^[A-Z][A-Z0-9_]{3,} \\([0-9a-f]{1,3}\\)\\s*$"
            + "|^\\s*\\d+\\s+Id: [0-9a-f]+\\.[0-9a-f]+ Suspend:|^\\s*THREAD [0-9a-f`]{8,} +Cid [0-9a-f]+\\.[0-9a-f]+"
            + "|^DebugInfo\\s+= 0x|^PopAction: [0-9a-f]+|^Verifier Detected a Potential Deadlock"
            + "|^\\*DEADLOCK DETECTED\\*$|^CLR thread 0x[0-9a-fA-F]+ holds the lock on SyncBlock"
            + "|Thread [0-9A-Fa-f]{4,16} waits for critical section [0-9A-Fa-f]+, owned by thread");
    private static final Pattern FRAME =
            Pattern.compile("(?m)^\\s*(?:[0-9a-f`]{8,}\\s+)*(?:ntdll|kernel32|KERNELBASE|nt|ntoskrnl|kernelbase)!\\w+");
    private static final Pattern PROCMON_HEADER = Pattern.compile(
            "^\\uFEFF?\"?Time of Day\"?,\"?Process Name\"?,\"?PID\"?,\"?Operation\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROCMON_ANY_HEADER =
            Pattern.compile("^\\uFEFF?(?=.*\"Process Name\")(?=.*\"Operation\")(?=.*\"Result\").*$", Pattern.MULTILINE);

    private WindowsFormats() {}

    static boolean debuggerText(String text) {
        if (PROMPT.matcher(text).find() || DEBUGGER_MARKERS.matcher(text).find()) {
            return true;
        }
        var m = FRAME.matcher(text);
        int frames = 0;
        while (frames < 3 && m.find()) {
            frames++;
        }
        return frames >= 3;
    }

    static boolean procmonCsv(String text) {
        String first = firstLine(text);
        return PROCMON_HEADER.matcher(first).find()
                || PROCMON_ANY_HEADER.matcher(first).matches();
    }

    static boolean procmonXml(String text) {
        String head = text.length() > 4096 ? text.substring(0, 4096) : text;
        return head.contains("<procmon") && (head.contains("<processlist") || head.contains("<eventlist"));
    }

    static boolean eventXml(String text) {
        String head = text.length() > 8192 ? text.substring(0, 8192) : text;
        return head.contains("<Event") && head.contains("<EventID") && head.contains("<System");
    }

    private static final java.util.regex.Pattern APP_HANG_FIELD =
            java.util.regex.Pattern.compile("(?m)^[^\\n:=]{1,60}[:=]\\s*AppHang\\w*\\s*$");

    static boolean eventText(String text) {
        String head = text.length() > 8192 ? text.substring(0, 8192) : text;
        return (head.contains("Log Name:") && head.contains("Event ID:") && head.contains("Source:"))
                || head.contains("Event Name: AppHangB1")
                || head.contains("stopped interacting with Windows")
                || head.contains("EventType=AppHang")
                // a localised report (问题事件名称:, Problemereignisname:): the event name itself is not translated
                || APP_HANG_FIELD.matcher(head).find();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
