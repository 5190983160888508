package io.lockdoc.mcp;

import io.lockdoc.kb.Article;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.model.OrderedMap;
import io.lockdoc.ticket.History;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tools that read lockdoc's own knowledge: kb_search, kb_show and history, and the kb articles as text. */
final class KnowledgeTools {
    static final String KB_URI = "lockdoc://kb/";

    private final Lockdoc lockdoc;

    KnowledgeTools(Lockdoc lockdoc) {
        this.lockdoc = lockdoc;
    }

    Map<String, Object> search(Map<String, Object> args) throws SQLException {
        Object q = args.get("query");
        if (q == null || q.toString().isBlank()) {
            throw new Sources.Refused("give the words to search for, e.g. hung task mutex");
        }
        List<Object> hits = new ArrayList<>();
        for (KnowledgeBase.Hit h : lockdoc.kb().search(q.toString())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("title", h.title());
            m.put("cause", h.cause());
            m.put("score", h.score());
            m.put("uri", KB_URI + h.id());
            hits.add(m);
        }
        return Bounded.fit(new LinkedHashMap<>(OrderedMap.of("hits", hits)), "hits", new ArrayList<>());
    }

    Map<String, Object> show(Map<String, Object> args) throws SQLException {
        Object id = args.get("id");
        if (id == null) {
            throw new Sources.Refused("give the article id (kb_search finds it)");
        }
        Article a =
                lockdoc.kb().article(id.toString()).orElseThrow(() -> new Sources.Refused("no article '" + id + "'"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("cause", a.cause());
        m.put("platform", a.platform());
        m.put("title", RemediationPlanner.generic(a.title()));
        m.put("symptom", RemediationPlanner.generic(a.symptom()));
        m.put("reason", RemediationPlanner.generic(a.reason()));
        m.put("solution", RemediationPlanner.generic(a.solution()));
        List<Object> steps = new ArrayList<>();
        int n = 0;
        for (Article.Step s : a.steps()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("number", ++n);
            sm.put("title", RemediationPlanner.generic(s.title()));
            sm.put("command", s.command() == null ? null : RemediationPlanner.generic(s.command()));
            sm.put("expected", s.expected() == null ? null : RemediationPlanner.generic(s.expected()));
            sm.put("verification", RemediationPlanner.generic(s.verification()));
            steps.add(sm);
        }
        m.put("steps", steps);
        return Bounded.fit(m, "steps", new ArrayList<>());
    }

    /** An article as Markdown, for the kb resources. */
    String markdown(String id) throws SQLException {
        Article a = lockdoc.kb().article(id).orElseThrow(() -> new Sources.Refused("no article '" + id + "'"));
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(RemediationPlanner.generic(a.title())).append("\n\n");
        sb.append("**Symptom:** ")
                .append(RemediationPlanner.generic(a.symptom()).strip())
                .append("\n\n");
        sb.append("**Why:** ")
                .append(RemediationPlanner.generic(a.reason()).strip())
                .append("\n\n");
        sb.append("**Solution:** ")
                .append(RemediationPlanner.generic(a.solution()).strip())
                .append("\n\n");
        int n = 0;
        for (Article.Step s : a.steps()) {
            sb.append(++n)
                    .append(". ")
                    .append(RemediationPlanner.generic(s.title()))
                    .append('\n');
            if (s.command() != null && !s.command().isBlank()) {
                sb.append("   ```sh\n   ")
                        .append(RemediationPlanner.generic(s.command()).strip().replace("\n", "\n   "))
                        .append("\n   ```\n");
            }
        }
        return sb.toString();
    }

    Map<String, Object> history(Map<String, Object> args) throws SQLException {
        Object sig = args.get("signature");
        if (sig == null || sig.toString().isBlank()) {
            throw new Sources.Refused("give a finding's signature (v1:<cause>:<hash>, from analyze)");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signature", sig.toString());
        List<Object> seen = new ArrayList<>();
        if (lockdoc.historyUrl() == null) {
            m.put("seen", seen);
            return Bounded.fit(m, "seen", new ArrayList<>(List.of("no ticket history database is available")));
        }
        try (History h = History.open(lockdoc.historyUrl(), Clock.systemUTC())) {
            for (History.Seen s : h.seenBefore(sig.toString(), null)) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("source", s.source());
                sm.put("ticket", s.ticketId());
                sm.put("firstSeen", s.firstSeen().toString());
                sm.put("lastSeen", s.lastSeen().toString());
                sm.put("resolvedWith", s.kbId());
                sm.put("note", s.note());
                seen.add(sm);
            }
        }
        m.put("seen", seen);
        return Bounded.fit(m, "seen", new ArrayList<>());
    }
}
