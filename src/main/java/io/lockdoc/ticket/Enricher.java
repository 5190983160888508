package io.lockdoc.ticket;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.OrderedMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Enriches one ticket: its text and attachments are analysed like files, the findings are
 * recorded in the history, and a {@code lockdoc} block is built with findings, labels, a
 * suggested priority, questions, KB ids, similar tickets, the internal note in the target's
 * markup and the update body that system expects.
 */
public final class Enricher {
    private final Analyzer analyzer;
    private final History history;
    private final Path attachmentDir;
    private final Redactor redactor;

    /** Similar tickets listed in full; the rest are counted (resolved ones are listed first). */
    static final int SEEN_LIMIT = 20;

    /** @param attachmentDir where local attachment paths may point (null: local paths are refused) */
    public Enricher(Analyzer analyzer, History history, Path attachmentDir, Redactor redactor) {
        this.analyzer = analyzer;
        this.history = history;
        this.attachmentDir = attachmentDir;
        this.redactor = redactor;
    }

    public Map<String, Object> enrich(Ticket t, TicketShape target) throws SQLException {
        List<Inputs.Entry> entries = new ArrayList<>();
        List<String> notRead = new ArrayList<>();
        String text = String.join("\n\n", nz(t.title()), nz(t.description()));
        if (!text.isBlank()) {
            entries.add(Inputs.bytes("ticket-description", text.getBytes(StandardCharsets.UTF_8)));
        }
        for (Ticket.Attachment a : t.attachments()) {
            if (a.content() != null) {
                entries.add(Inputs.bytes(a.name(), a.content()));
            } else if (a.path() != null || attachmentDir != null) {
                if (attachmentDir == null) {
                    notRead.add(a.name() + ": local paths need --attachments-dir");
                    continue;
                }
                Inputs.Entry e = Inputs.confined(attachmentDir, a.path() != null ? a.path() : a.name());
                if (e.artifact() == null) {
                    notRead.add(a.name() + ": " + e.skipReason());
                } else {
                    entries.add(e);
                }
            } else {
                notRead.add(a.name() + ": not fetched (lockdoc never downloads "
                        + (a.url() == null ? "attachments" : a.url()) + ")");
            }
        }
        AnalysisResult result = analyzer.analyze(entries);
        List<Finding> findings = result.findings().stream()
                .map(AnalysisResult.Diagnosed::finding)
                .toList();
        // the history keeps no more of the customer than the report shows
        history.record(new Ticket(t.id(), t.source(), redactor.apply(t.title()), null, null, List.of()), findings);

        Map<String, Object> block = new LinkedHashMap<>();
        block.put("version", 1);
        block.put("ticket", OrderedMap.of("id", t.id(), "source", t.source().id()));
        List<Object> fs = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cause", f.getCause().id());
            m.put("confidence", Math.round(f.getConfidence() * 100) / 100.0);
            m.put("summary", redactor.apply(f.getSummary()));
            m.put(
                    "culprit",
                    f.getCulprit() == null
                            ? null
                            : redactor.apply(f.getCulprit().describe()));
            m.put("signature", f.getSignature());
            m.put("rule", f.getRule());
            List<Object> ev = new ArrayList<>();
            for (Evidence e : f.getEvidence()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("artifact", e.getArtifact());
                em.put("firstLine", e.getFirstLine());
                em.put("lastLine", e.getLastLine());
                em.put(
                        "lines",
                        e.getQuoted().stream()
                                .map(q -> OrderedMap.of("line", q.number(), "text", redactor.apply(q.text())))
                                .toList());
                ev.add(em);
            }
            m.put("evidence", ev);
            fs.add(m);
        }
        History.SeenSummary seen = history.seenSummary(
                findings.stream().map(Finding::getSignature).distinct().toList(), t, SEEN_LIMIT);
        block.put("findings", fs);
        block.put("labels", labels(findings));
        block.put("priority", priority(findings));
        List<Map<String, String>> questions = questions(result, notRead);
        block.put("questions", questions);
        block.put(
                "kbArticles",
                result.findings().stream()
                        .map(AnalysisResult.Diagnosed::plan)
                        .filter(p -> p != null)
                        .map(Plan::articleId)
                        .distinct()
                        .toList());
        block.put("seenBefore", seenBlock(seen));
        block.put(
                "inputs",
                result.inputs().stream()
                        .map(i -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("artifact", i.name());
                            m.put("type", i.type());
                            m.put("skipped", i.skipReason());
                            return m;
                        })
                        .toList());
        block.put("notRead", notRead);
        Notes.Content content = content(result, findings, seen, questions);
        block.put("note", note(content, target));
        block.put("update", update(content, target, labels(findings)));
        return block;
    }

    static List<String> labels(List<Finding> findings) {
        Set<String> out = new LinkedHashSet<>();
        out.add("lockdoc");
        for (Finding f : findings) {
            if (f.getCause().severity() == Cause.Severity.DEADLOCK) {
                out.add("deadlock");
            } else if (f.getCause().severity() == Cause.Severity.HANG) {
                out.add("hang");
            }
            out.add(f.getCause().id());
            out.add(f.getPlatform() == io.lockdoc.model.Platform.WINDOWS ? "windows" : "linux");
            out.add("sig-" + f.getSignature().substring(f.getSignature().lastIndexOf(':') + 1));
        }
        if (findings.isEmpty()) {
            out.add("needs-diagnostics");
        }
        return new ArrayList<>(out);
    }

    static Map<String, String> priority(List<Finding> findings) {
        if (findings.isEmpty()) {
            return OrderedMap.of(
                    "suggested", "unchanged", "reason", "no lock or hang problem found in what was attached");
        }
        Finding f = findings.get(0);
        String p;
        String why;
        if (f.getCause().severity() != Cause.Severity.LOCK_BUG && f.getConfidence() >= 0.8) {
            p = "high";
            why = f.getCause().id() + " with confidence " + String.format(Locale.ROOT, "%.2f", f.getConfidence())
                    + ": tasks stay blocked until the machine or process is restarted";
        } else if (f.getCause().severity() == Cause.Severity.LOCK_BUG) {
            p = "medium";
            why = f.getCause().id() + " is a locking bug that can turn into a hang; nothing shows it is hanging now";
        } else {
            p = "medium";
            why = f.getCause().id() + " is likely but not confirmed (confidence "
                    + String.format(Locale.ROOT, "%.2f", f.getConfidence()) + ")";
        }
        return OrderedMap.of("suggested", p, "reason", why);
    }

    private static List<Map<String, String>> questions(AnalysisResult result, List<String> notRead) {
        List<Map<String, String>> q = new ArrayList<>();
        for (String n : notRead) {
            q.add(OrderedMap.of(
                    "question",
                    "Attach the file itself (" + n + ")",
                    "command",
                    "save it next to the ticket and re-run with --attachments-dir"));
        }
        if (result.findings().isEmpty()) {
            q.add(OrderedMap.of(
                    "question",
                    "Linux: the kernel log from the hang",
                    "command",
                    "sudo dmesg -T > dmesg.txt; journalctl -k -b -1 --no-pager > kernel-previous-boot.txt"));
            q.add(
                    OrderedMap.of(
                            "question",
                            "Linux: blocked tasks and their stacks",
                            "command",
                            "ps -eLo pid,tid,stat,wchan:32,comm > ps.txt; for p in $(ps -eo pid,stat | awk '$2 ~ /D/ {print $1}'); do echo \"== $p\"; sudo cat /proc/$p/stack; done > d-state-stacks.txt"));
            q.add(OrderedMap.of("question", "Linux: file locks", "command", "cat /proc/locks > proc-locks.txt"));
            q.add(
                    OrderedMap.of(
                            "question",
                            "Windows: a hang dump of the process and its lock state",
                            "command",
                            "procdump -ma -h <pid> hang.dmp; cdb -z hang.dmp -c \"!analyze -hang; !locks; ~*kb; q\" > cdb.txt"));
            q.add(OrderedMap.of(
                    "question",
                    "Windows: the hang events",
                    "command",
                    "wevtutil qe Application /q:\"*[System[(EventID=1002)]]\" /f:xml /c:20 > app-hang.xml"));
        }
        for (var d : result.findings()) {
            if (!d.finding().getCompleteness().equals(io.lockdoc.model.Completeness.COMPLETE) && d.plan() != null) {
                q.add(OrderedMap.of(
                        "question",
                        "The report is cut off: collect it whole",
                        "command",
                        "sudo dmesg -T > dmesg-full.txt"));
            }
        }
        return q;
    }

    private static Map<String, Object> seenBlock(History.SeenSummary seen) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", seen.count());
        m.put("firstSeen", seen.firstSeen() == null ? null : seen.firstSeen().toString());
        m.put("lastSeen", seen.lastSeen() == null ? null : seen.lastSeen().toString());
        m.put(
                "tickets",
                seen.tickets().stream()
                        .map(s -> {
                            Map<String, Object> t = new LinkedHashMap<>();
                            t.put("id", s.ticketId());
                            t.put("source", s.source());
                            t.put("signature", s.signature());
                            t.put("kbArticle", s.kbId());
                            t.put("resolution", s.note());
                            return t;
                        })
                        .toList());
        m.put("notListed", Math.max(0, seen.count() - seen.tickets().size()));
        return m;
    }

    private Notes.Content content(
            AnalysisResult result,
            List<Finding> findings,
            History.SeenSummary seen,
            List<Map<String, String>> questions) {
        List<String> facts = new ArrayList<>();
        List<Notes.Step> steps = new ArrayList<>();
        String headline;
        if (findings.isEmpty()) {
            headline = "lockdoc: no lock or hang problem found in what was attached";
        } else {
            Finding f = findings.get(0);
            headline = String.format(
                    Locale.ROOT, "lockdoc: %s (confidence %.2f)", f.getCause().id(), f.getConfidence());
            facts.add(redactor.apply(f.getSummary()));
            if (f.getCulprit() != null) {
                facts.add("Culprit: " + redactor.apply(f.getCulprit().describe()));
            }
            facts.add("Evidence: " + f.getEvidence().get(0));
            facts.add("Signature: " + f.getSignature());
            for (int i = 1; i < findings.size(); i++) {
                facts.add(String.format(
                        Locale.ROOT,
                        "Also: %s (confidence %.2f)",
                        findings.get(i).getCause().id(),
                        findings.get(i).getConfidence()));
            }
            Plan plan = result.findings().get(0).plan();
            if (plan != null) {
                facts.add("KB article: " + plan.articleId());
                // redacted value by value before they are put in: a command redacted after it was
                // quoted could lose a quote, or get a '<' of '<host>' where the shell reads a redirection
                Plan redacted = analyzer.plan(f, redactor::apply);
                if (redacted != null) {
                    plan = redacted;
                }
                for (Article.Step s :
                        plan.steps().subList(0, Math.min(3, plan.steps().size()))) {
                    steps.add(new Notes.Step(redactor.apply(s.title()), s.command()));
                }
            }
        }
        List<String> seenLines = new ArrayList<>();
        seen.tickets()
                .forEach(s -> seenLines.add(s.source() + " " + s.ticketId() + " (first " + s.firstSeen() + ")"
                        + (s.kbId() == null
                                ? ""
                                : ", fixed with " + s.kbId() + (s.note() == null ? "" : ": " + s.note()))));
        if (seen.count() > seen.tickets().size()) {
            seenLines.add("... and " + (seen.count() - seen.tickets().size()) + " more (lockdoc history "
                    + seen.tickets().get(0).signature() + ")");
        }
        List<Notes.Question> qs = questions.stream()
                .map(q -> new Notes.Question(q.get("question"), q.get("command")))
                .toList();
        return new Notes.Content(
                headline,
                facts,
                steps,
                qs,
                seenLines,
                "Internal note by lockdoc; evidence and full plan: lockdoc analyze on the attachments.");
    }

    private static Map<String, Object> note(Notes.Content c, TicketShape target) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "format",
                switch (target) {
                    case JIRA -> "jira-wiki";
                    case SERVICENOW -> "servicenow-work-note";
                    case ZENDESK -> "zendesk-html";
                    case GENERIC -> "markdown";
                });
        switch (target) {
            case JIRA -> {
                m.put("body", Notes.jiraWiki(c));
                m.put("adf", Notes.adf(c));
            }
            case SERVICENOW -> m.put("body", Notes.serviceNow(c));
            case ZENDESK -> m.put("body", Notes.html(c));
            case GENERIC -> m.put("body", Notes.markdown(c));
        }
        return m;
    }

    /** Jira's update body: the labels to add and the comment (wiki text for API 2, a document for API 3). */
    private static Map<String, Object> jiraUpdate(List<String> labels, Object body) {
        return OrderedMap.of(
                "update",
                OrderedMap.of(
                        "labels",
                        labels.stream().map(l -> OrderedMap.of("add", l)).toList(),
                        "comment",
                        List.of(OrderedMap.of("add", OrderedMap.of("body", body)))));
    }

    /** The body each system's update API takes, so an automation posts it unchanged. */
    private static Map<String, Object> update(Notes.Content c, TicketShape target, List<String> labels) {
        return switch (target) {
            case JIRA -> OrderedMap.of(
                    "rest/api/2",
                    jiraUpdate(labels, Notes.jiraWiki(c)),
                    "rest/api/3",
                    jiraUpdate(labels, Notes.adf(c)));
            case SERVICENOW -> OrderedMap.of("work_notes", Notes.serviceNow(c));
            case ZENDESK -> OrderedMap.of(
                    "ticket",
                    OrderedMap.of(
                            "comment",
                            OrderedMap.of("html_body", Notes.html(c), "public", false),
                            "additional_tags",
                            labels));
            case GENERIC -> OrderedMap.of("labels", labels, "note", Notes.markdown(c));
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
