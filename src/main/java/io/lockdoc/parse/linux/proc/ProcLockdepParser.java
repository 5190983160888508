package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.LockdepGraph;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /proc/lockdep}: {@code ffffffff8b8f5c00 FD:   39 BD:    1 +.+.: cpu_hotplug_lock} per
 * class, then {@code  -> [ffffffff8b8f5b80] cpu_hotplug_lock.rw_sem} per class taken while it was
 * held; and {@code /proc/lockdep_chains}: {@code irq_context: 0} then {@code [addr] name} per class
 * of the chain, in the order taken. Read into one {@link LockdepGraph}.
 */
public final class ProcLockdepParser implements Parser {
    static final int MAX_CLASSES = 100_000;
    static final int MAX_EDGES = 500_000;
    static final int MAX_CHAIN = 64;

    private static final Pattern CLASS =
            Pattern.compile("^([0-9a-f]{1,16})(?: OPS:\\s*\\d+)? FD:\\s*(\\d+) BD:\\s*(\\d+) (\\S+): (\\S.{0,300})$");
    private static final Pattern DEP = Pattern.compile("^ -> \\[([0-9a-f]{1,16})\\] (\\S.{0,300})$");
    private static final Pattern CHAIN_HEAD = Pattern.compile("^irq_context: \\d+$");
    private static final Pattern CHAIN_LOCK = Pattern.compile("^\\[([0-9a-f]{1,16})\\] (\\S.{0,300})$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Map<String, Integer> classes = new HashMap<>();
        Map<String, Integer> edges = new HashMap<>();
        boolean chains = false;
        String current = null;
        List<String> chain = new ArrayList<>();
        int first = 0;
        int last = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            String t = line.stripTrailing();
            if (t.equals("all lock chains:")) {
                chains = true;
                continue;
            }
            Matcher m;
            if ((m = CLASS.matcher(t)).matches()) {
                current = m.group(5).trim();
                put(classes, current, n, MAX_CLASSES);
            } else if ((m = DEP.matcher(t)).matches()) {
                if (current == null) {
                    continue;
                }
                String to = m.group(2).trim();
                put(classes, to, n, MAX_CLASSES);
                put(edges, LockdepGraph.edge(current, to), n, MAX_EDGES);
            } else if (CHAIN_HEAD.matcher(t).matches()) {
                chains = true;
                chain.clear();
            } else if (chains && (m = CHAIN_LOCK.matcher(t)).matches()) {
                String lock = m.group(2).trim();
                put(classes, lock, n, MAX_CLASSES);
                if (chain.size() < MAX_CHAIN) {
                    for (String held : chain) {
                        put(edges, LockdepGraph.edge(held, lock), n, MAX_EDGES);
                    }
                    chain.add(lock);
                }
            } else {
                if (t.isBlank()) {
                    chain.clear();
                }
                continue;
            }
            if (first == 0) {
                first = n;
            }
            last = n;
        }
        if (first == 0) {
            return;
        }
        sink.fact(new LockdepGraph(
                artifact,
                chains ? LockdepGraph.Source.LOCKDEP_CHAINS : LockdepGraph.Source.LOCKDEP,
                classes,
                edges,
                io.lockdoc.model.Evidence.of(artifact, first, last)));
    }

    private static void put(Map<String, Integer> map, String key, int line, int max) {
        if (map.size() < max) {
            map.putIfAbsent(key, line);
        }
    }
}
