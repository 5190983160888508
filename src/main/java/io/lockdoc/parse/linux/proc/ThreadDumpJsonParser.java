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

    /** The lines of a thread object worth quoting: its name and state, and the locks it names. */
    private static final Pattern QUOTED = Pattern.compile(
            "\"(?:threadName|name|threadState|state|lockName|lockOwnerName|blockedOn|object|owner|locks)\"");

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

    /** One thread object's edges: who it is, where it waits, and the evidence every edge cites. */
    private record ThreadEdges(String key, int tid, String name, Evidence ev, String[] site, List<LockEdge> out) {
        void add(LockEdge.Relation rel, int owner, LockKind kind, String address, String type, String via) {
            boolean waits = rel == LockEdge.Relation.WAITS;
            out.add(new LockEdge(
                    key + out.size(),
                    rel,
                    null,
                    owner,
                    owner == tid ? name : null,
                    kind,
                    address,
                    "a " + type,
                    via,
                    ev,
                    waits && site != null ? site[0] : null,
                    waits && site != null ? site[1] : null));
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
        String[] site = site(actuator ? th.path("stackTrace") : th.path("stack"), actuator);
        ThreadEdges t = new ThreadEdges(artifact + "#t" + id + "-", (int) id, name, ev, site, new ArrayList<>());
        if (actuator) {
            actuator(th, t);
        } else {
            jcmd(th, t);
        }
        t.out().forEach(sink::fact);
    }

    /** ThreadInfo: BLOCKED on {@code lockInfo} (or parked on an owned AQS lock), plus what it has locked. */
    private static void actuator(JsonNode th, ThreadEdges t) {
        String state = th.path("threadState").asString("");
        JsonNode lock = th.path("lockInfo");
        if (lock.isObject() && th.path("lockOwnerId").asLong(-1) >= 0) {
            LockKind kind = "BLOCKED".equals(state)
                    ? LockKind.JAVA_MONITOR
                    : JavaFrames.isSynchronizer(lock.path("className").asString(""))
                            ? LockKind.JAVA_SYNCHRONIZER
                            : null;
            if (kind != null) {
                t.add(
                        LockEdge.Relation.WAITS,
                        t.tid(),
                        kind,
                        hash(lock),
                        className(lock),
                        "threaddump JSON: " + state.toLowerCase(Locale.ROOT) + " on");
            }
        }
        for (JsonNode m : th.path("lockedMonitors")) {
            t.add(
                    LockEdge.Relation.HOLDS,
                    t.tid(),
                    LockKind.JAVA_MONITOR,
                    hash(m),
                    className(m),
                    "threaddump JSON: locked monitor");
        }
        for (JsonNode s : th.path("lockedSynchronizers")) {
            t.add(
                    LockEdge.Relation.HOLDS,
                    t.tid(),
                    LockKind.JAVA_SYNCHRONIZER,
                    hash(s),
                    className(s),
                    "threaddump JSON: ownable synchronizer");
        }
    }

    /** jcmd JSON (JDK 24+): {@code blockedOn}, {@code parkBlocker{object,owner}}, {@code monitorsOwned}. */
    private static void jcmd(JsonNode th, ThreadEdges t) {
        Matcher b = OBJECT.matcher(th.path("blockedOn").asString(""));
        if (b.matches()) {
            t.add(
                    LockEdge.Relation.WAITS,
                    t.tid(),
                    LockKind.JAVA_MONITOR,
                    b.group(2),
                    b.group(1),
                    "jcmd JSON: blockedOn");
        }
        JsonNode park = th.path("parkBlocker");
        Matcher pk = OBJECT.matcher(park.path("object").asString(""));
        if (pk.matches() && JavaFrames.isSynchronizer(pk.group(1))) {
            t.add(
                    LockEdge.Relation.WAITS,
                    t.tid(),
                    LockKind.JAVA_SYNCHRONIZER,
                    pk.group(2),
                    pk.group(1),
                    "jcmd JSON: parkBlocker");
            long owner = parseLong(park.path("owner").asString("-1"));
            if (owner >= 0 && owner <= Integer.MAX_VALUE) {
                // the waiter's record names the owner; the owner's own record does not list AQS locks
                t.add(
                        LockEdge.Relation.HOLDS,
                        (int) owner,
                        LockKind.JAVA_SYNCHRONIZER,
                        pk.group(2),
                        pk.group(1),
                        "jcmd JSON: parkBlocker owner");
            }
        }
        for (JsonNode owned : th.path("monitorsOwned")) {
            for (JsonNode l : owned.path("locks")) {
                Matcher m = OBJECT.matcher(l.asString(""));
                if (m.matches()) {
                    t.add(
                            LockEdge.Relation.HOLDS,
                            t.tid(),
                            LockKind.JAVA_MONITOR,
                            m.group(2),
                            m.group(1),
                            "jcmd JSON: monitorsOwned");
                }
            }
        }
    }

    /** ThreadInfo's identity hash (decimal) as jcmd and {@code Object.toString} print it: hex. */
    private static String hash(JsonNode lock) {
        return Long.toHexString(lock.path("identityHashCode").asLong(0));
    }

    private static String className(JsonNode lock) {
        return lock.path("className").asString("?");
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
                if (l != null && QUOTED.matcher(l).find()) {
                    quoted.add(new Evidence.QuotedLine(origin(k), l.strip()));
                }
            }
            return new Evidence(artifact, origin(first), Math.max(origin(first), origin(last)), quoted);
        }
    }
}
