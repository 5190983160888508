package io.lockdoc.mcp;

import io.lockdoc.ingest.InputException;
import io.lockdoc.ingest.Inputs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What a tool is to read: pasted {@code text}, or a {@code path} confined to the roots. */
final class Sources {
    /** Pasted text above this is refused: a paste that large belongs in a file under a root. */
    static final int MAX_TEXT_CHARS = 8 * 1024 * 1024;

    private Sources() {}

    /** @throws Refused with the reason a client is told */
    static List<Inputs.Entry> of(Map<String, Object> args, Roots roots, boolean required) {
        Object text = args.get("text");
        Object path = args.get("path");
        if (text != null && path != null) {
            throw new Refused("give text or path, not both");
        }
        if (text != null) {
            String t = text.toString();
            if (t.length() > MAX_TEXT_CHARS) {
                throw new Refused("text is over " + MAX_TEXT_CHARS + " characters; put it in a file under a --root");
            }
            Object name = args.get("name");
            String n = name == null || name.toString().isBlank() ? "pasted.txt" : name.toString();
            return List.of(Inputs.bytes(n, t.getBytes(StandardCharsets.UTF_8)));
        }
        if (path != null) {
            Roots.Resolved r = roots.resolve(path.toString());
            if (r.refusal() != null) {
                throw new Refused("path refused: " + r.refusal());
            }
            try {
                return Inputs.resolve(r.path().toString(), InputStream.nullInputStream());
            } catch (InputException e) {
                throw new Refused(e.getMessage());
            }
        }
        if (required) {
            throw new Refused("give text (pasted diagnostics) or path (a file or folder under a --root)");
        }
        return List.of();
    }

    /** A request the server will not carry out; the client is told why, as a tool error. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
