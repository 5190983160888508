package io.lockdoc.engine.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bipartite wait-for graph: task nodes point at the locks they wait for, lock nodes at the
 * tasks that hold them. Strongly connected components (iterative Tarjan, linear time, no
 * recursion so 100 000 threads are fine) with more than one node are deadlock cycles; a waiting
 * task outside every cycle leads, lock by holder, to the head of its wait chain.
 */
public final class WaitForGraph<S> {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private final List<Boolean> isLock = new ArrayList<>();
    private int[][] out = new int[16][];
    private Object[][] outSource = new Object[16][]; // what shows each edge of out, index for index
    private int[] outSize = new int[16];
    private final Map<Integer, java.util.Set<Integer>> wideTargets = new HashMap<>(); // duplicate check, busy nodes

    private final Map<Integer, Integer> taskIds = new HashMap<>(); // tasks by tid, without building a key

    public int task(String key) {
        return node("t:" + key, key, false);
    }

    /** The same node as {@code task(String.valueOf(tid))}. */
    public int task(int tid) {
        Integer id = taskIds.get(tid);
        if (id == null) {
            id = task(String.valueOf(tid));
            taskIds.put(tid, id);
        }
        return id;
    }

    public int lock(String key) {
        return node("l:" + key, key, true);
    }

    private int node(String prefixed, String key, boolean lock) {
        Integer id = ids.get(prefixed);
        if (id != null) {
            return id;
        }
        int n = keys.size();
        ids.put(prefixed, n);
        keys.add(key);
        isLock.add(lock);
        if (n >= out.length) {
            out = Arrays.copyOf(out, n * 2);
            outSource = Arrays.copyOf(outSource, n * 2);
            outSize = Arrays.copyOf(outSize, n * 2);
        }
        return n;
    }

    /** Task {@code task} waits for lock {@code lock}; {@code source} is what shows it. */
    public void waits(int task, int lock, S source) {
        edge(task, lock, source);
    }

    /** Lock {@code lock} is held by {@code task}. */
    public void holds(int task, int lock, S source) {
        edge(lock, task, source);
    }

    private void edge(int from, int to, S source) {
        int[] a = out[from];
        int size = outSize[from];
        if (size > WIDE) {
            if (!wideTargets.get(from).add(to)) {
                return;
            }
        } else {
            for (int i = 0; i < size; i++) {
                if (a[i] == to) {
                    return;
                }
            }
        }
        if (a == null) {
            a = new int[2];
            out[from] = a;
            outSource[from] = new Object[2];
        }
        if (size == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            out[from] = a;
            outSource[from] = Arrays.copyOf(outSource[from], a.length);
        }
        a[size] = to;
        outSource[from][size] = source;
        outSize[from] = size + 1;
        if (size + 1 == WIDE + 1) {
            // from here on a set answers "already there?" (a lock with 100 000 readers)
            java.util.Set<Integer> set = new java.util.HashSet<>();
            for (int i = 0; i <= size; i++) {
                set.add(a[i]);
            }
            wideTargets.put(from, set);
        }
    }

    private static final int WIDE = 16;

    public int size() {
        return keys.size();
    }

    public String key(int node) {
        return keys.get(node);
    }

    public boolean isLock(int node) {
        return isLock.get(node);
    }

    @SuppressWarnings("unchecked") // only S goes in
    public S source(int from, int to) {
        int[] a = out[from];
        for (int i = 0; i < outSize[from]; i++) {
            if (a[i] == to) {
                return (S) outSource[from][i];
            }
        }
        return null;
    }

    public int[] next(int node) {
        int[] a = out[node];
        return a == null ? new int[0] : Arrays.copyOf(a, outSize[node]);
    }

    /** The strongly connected components with more than one node (every cycle lies in one). */
    public List<int[]> cyclicComponents() {
        int n = size();
        int[] index = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int[] stack = new int[n];
        int sp = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int counter = 0;
        List<int[]> result = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = 0;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                int[] a = out[v];
                int size = outSize[v];
                if (callEdge[depth] < size) {
                    int w = a[callEdge[depth]++];
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = 0;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int start = sp;
                    int w;
                    do {
                        w = stack[--start];
                        onStack[w] = false;
                    } while (w != v);
                    if (sp - start > 1) {
                        result.add(Arrays.copyOfRange(stack, start, sp));
                    }
                    sp = start;
                }
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return result;
    }

    /** A shortest cycle through {@code start} inside {@code component}, as nodes in order (start first). */
    public List<Integer> cycleThrough(int start, int[] component) {
        boolean[] in = new boolean[size()];
        for (int c : component) {
            in[c] = true;
        }
        int[] parent = new int[size()];
        Arrays.fill(parent, -2); // not reached
        int[] queue = new int[component.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        parent[start] = -1;
        while (head < tail) {
            int v = queue[head++];
            int[] a = out[v];
            for (int i = 0; i < outSize[v]; i++) {
                int w = a[i];
                if (!in[w]) {
                    continue;
                }
                if (w == start) {
                    List<Integer> path = new ArrayList<>();
                    for (int x = v; x != -1; x = parent[x]) {
                        path.add(x);
                    }
                    java.util.Collections.reverse(path);
                    return path;
                }
                if (parent[w] == -2) {
                    parent[w] = v;
                    queue[tail++] = w;
                }
            }
        }
        return List.of(start);
    }
}
