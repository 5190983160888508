package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Problem;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.LinesReader;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Java thread dumps as JSON: Spring Boot actuator's {@code /threaddump} (ThreadInfo: {@code threadState},
 * {@code lockInfo}, {@code lockOwnerId}, {@code lockedMonitors}, {@code lockedSynchronizers}) and {@code jcmd
 * PID Thread.dump_to_file -format=json} ({@code threadDump.threadContainers[].threads[]}: {@code blockedOn},
 * {@code parkBlocker}, {@code monitorsOwned}, virtual threads included). Each thread object is read on its
 * own as the token stream passes it, into the same wait and hold edges a jstack dump gives.
 */
public final class ThreadDumpJsonParser implements Parser {
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(1 << 20)
                            .build())
                    .build())
            .build();
    /** {@code java.lang.Object@1b6d3586}: jcmd's lock names, class and identity hash. */
    private static final Pattern OBJECT = Pattern.compile("^([\\w.$]+)@([0-9a-f]+)$");

    private static final int RING = 4096;

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        String[] text = new String[RING];
        int[] origin = new int[RING];
        int[] count = {0};
        LinesReader reader = new LinesReader(lines).onLine((l, n) -> {
            int k = count[0]++;
            text[k % RING] = l;
            origin[k % RING] = n;
        });
        Quotes quotes = new Quotes(artifact, text, origin, count);
        try (JsonParser p = MAPPER.createParser(reader)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.PROPERTY_NAME && "threads".equals(p.currentName())) {
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        continue;
                    }
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int first = p.currentTokenLocation().getLineNr();
                        JsonNode th = p.readValueAsTree();
                        int last = p.currentLocation().getLineNr();
                        thread(th, quotes.evidence(first, last, th), sink, artifact);
                    }
                }
            }
        } catch (JacksonException e) {
            int line = e.getLocation() == null
                    ? lines.lineNumber()
                    : quotes.origin(e.getLocation().getLineNr());
            sink.problem(new Problem(
                    Problem.ErrorId.UNREADABLE,
                    artifact,
                    line,
                    "expected a JSON thread dump: " + e.getOriginalMessage() + "; the threads before it are kept"));
        }
    }

    private static void thread(JsonNode th, Evidence ev, FactSink sink, String artifact) {
        boolean actuator = th.has("threadName");
        String name =
                actuator ? th.path("threadName").asString() : th.path("name").asString();
        long id = actuator
                ? th.path("threadId").asLong(-1)
                : parseLong(th.path("tid").asString("-1"));
        if (id < 0 || id > Integer.MAX_VALUE) {
            return;
        }
        int tid = (int) id;
        String[] site = site(actuator ? th.path("stackTrace") : th.path("stack"), actuator);
        List<LockEdge> edges = new ArrayList<>();
        String key = artifact + "#t" + tid + "-";
        if (actuator) {
            String state = th.path("threadState").asString("");
            JsonNode lock = th.path("lockInfo");
            if (lock.isObject() && th.path("lockOwnerId").asLong(-1) >= 0) {
                LockKind kind = "BLOCKED".equals(state)
                        ? LockKind.JAVA_MONITOR
                        : synchronizer(lock) ? LockKind.JAVA_SYNCHRONIZER : null;
                if (kind != null) {
                    edges.add(edge(
                            key + "w",
                            LockEdge.Relation.WAITS,
                            tid,
                            name,
                            kind,
                            lock,
                            "threaddump JSON: " + state.toLowerCase(Locale.ROOT) + " on",
                            ev,
                            site));
                }
            }
            for (JsonNode m : th.path("lockedMonitors")) {
                edges.add(edge(
                        key + "m" + edges.size(),
                        LockEdge.Relation.HOLDS,
                        tid,
                        name,
                        LockKind.JAVA_MONITOR,
                        m,
                        "threaddump JSON: locked monitor",
                        ev,
                        null));
            }
            for (JsonNode s : th.path("lockedSynchronizers")) {
                edges.add(edge(
                        key + "s" + edges.size(),
                        LockEdge.Relation.HOLDS,
                        tid,
                        name,
                        LockKind.JAVA_SYNCHRONIZER,
                        s,
                        "threaddump JSON: ownable synchronizer",
                        ev,
                        null));
            }
        } else {
            Matcher b = OBJECT.matcher(th.path("blockedOn").asString(""));
            if (b.matches()) {
                edges.add(new LockEdge(
                        key + "w",
                        LockEdge.Relation.WAITS,
                        null,
                        tid,
                        name,
                        LockKind.JAVA_MONITOR,
                        b.group(2),
                        "a " + b.group(1),
                        "jcmd JSON: blockedOn",
                        ev,
                        site == null ? null : site[0],
                        site == null ? null : site[1]));
            }
            JsonNode park = th.path("parkBlocker");
            Matcher pk = OBJECT.matcher(park.path("object").asString(""));
            if (pk.matches() && pk.group(1).matches(".*(?:Lock|Sync|Semaphore).*")) {
                edges.add(new LockEdge(
                        key + "p",
                        LockEdge.Relation.WAITS,
                        null,
                        tid,
                        name,
                        LockKind.JAVA_SYNCHRONIZER,
                        pk.group(2),
                        "a " + pk.group(1),
                        "jcmd JSON: parkBlocker",
                        ev,
                        site == null ? null : site[0],
                        site == null ? null : site[1]));
                long owner = parseLong(park.path("owner").asString("-1"));
                if (owner >= 0 && owner <= Integer.MAX_VALUE) {
                    // the waiter's record names the owner; the owner's own record does not list AQS locks
                    edges.add(new LockEdge(
                            key + "o",
                            LockEdge.Relation.HOLDS,
                            null,
                            (int) owner,
                            null,
                            LockKind.JAVA_SYNCHRONIZER,
                            pk.group(2),
                            "a " + pk.group(1),
                            "jcmd JSON: parkBlocker owner",
                            ev));
                }
            }
            for (JsonNode owned : th.path("monitorsOwned")) {
                for (JsonNode l : owned.path("locks")) {
                    Matcher m = OBJECT.matcher(l.asString(""));
                    if (m.matches()) {
                        edges.add(new LockEdge(
                                key + "m" + edges.size(),
                                LockEdge.Relation.HOLDS,
                                null,
                                tid,
                                name,
                                LockKind.JAVA_MONITOR,
                                m.group(2),
                                "a " + m.group(1),
                                "jcmd JSON: monitorsOwned",
                                ev));
                    }
                }
            }
        }
        edges.forEach(sink::fact);
    }

    private static boolean synchronizer(JsonNode lock) {
        return lock.path("className").asString("").matches(".*(?:Lock|Sync|Semaphore).*");
    }

    private static LockEdge edge(
            String id,
            LockEdge.Relation rel,
            int tid,
            String name,
            LockKind kind,
            JsonNode lock,
            String via,
            Evidence ev,
            String[] site) {
        String address = Long.toHexString(lock.path("identityHashCode").asLong(0));
        return new LockEdge(
                id,
                rel,
                null,
                tid,
                name,
                kind,
                address,
                "a " + lock.path("className").asString("?"),
                via,
                ev,
                site == null ? null : site[0],
                site == null ? null : site[1]);
    }

    /** The first application frame: {@code [Class.method, File.java:N]}, or null. */
    private static String[] site(JsonNode stack, boolean actuator) {
        for (JsonNode f : stack) {
            String[] frame;
            if (actuator) {
                String fn = f.path("className").asString("") + "."
                        + f.path("methodName").asString("");
                String file = f.path("fileName").asString(null);
                int line = f.path("lineNumber").asInt(-1);
                frame = new String[] {fn, file == null || line < 0 ? null : file + ":" + line};
            } else {
                frame = JavaFrames.frame("at " + f.asString("").replaceFirst("^[\\w.]+/", ""));
            }
            if (JavaFrames.isApplication(frame)) {
                return frame;
            }
        }
        return null;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The lines the token stream read, kept in a ring, so a thread's evidence quotes its name and lock lines. */
    private record Quotes(String artifact, String[] text, int[] origin, int[] count) {
        int origin(int streamLine) {
            int k = streamLine - 1;
            return k >= 0 && k < count[0] && count[0] - k <= RING ? origin[k % RING] : Math.max(1, streamLine);
        }

        Evidence evidence(int first, int last, JsonNode th) {
            List<Evidence.QuotedLine> quoted = new ArrayList<>();
            for (int k = Math.max(first, count[0] - RING + 1); k <= last && k <= count[0] && quoted.size() < 6; k++) {
                String l = text[(k - 1) % RING];
                if (l != null
                        && l.matches(
                                ".*\"(?:threadName|name|threadState|state|lockName|lockOwnerName|blockedOn|object|owner|locks)\".*")) {
                    quoted.add(new Evidence.QuotedLine(origin(k), l.strip()));
                }
            }
            return new Evidence(artifact, origin(first), Math.max(origin(first), origin(last)), quoted);
        }
    }
}
