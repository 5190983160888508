package io.lockdoc.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A child JVM taking POSIX record locks ({@link FileChannel#lock()}) as told on stdin:
 * {@code hold PATH} locks PATH on the main thread and prints {@code held PATH}; {@code wait PATH}
 * starts a thread that prints {@code waiting PATH}, blocks in the lock and prints {@code got PATH}
 * or {@code failed PATH reason}. Ends when stdin ends.
 */
public final class FileLockChild {
    private static final List<Object> KEEP = Collections.synchronizedList(new ArrayList<>());

    private FileLockChild() {}

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.split(" ", 2);
            Path p = Path.of(cmd[1]);
            if (cmd[0].equals("hold")) {
                KEEP.add(lock(p));
                say("held " + p);
            } else if (cmd[0].equals("wait")) {
                Thread t = new Thread(
                        () -> {
                            say("waiting " + p);
                            try {
                                KEEP.add(lock(p));
                                say("got " + p);
                            } catch (IOException e) {
                                say("failed " + p + " " + e.getMessage());
                            }
                        },
                        "wait-" + p.getFileName());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static FileLock lock(Path p) throws IOException {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        KEEP.add(ch);
        return ch.lock();
    }

    private static synchronized void say(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
