package io.lockdoc.engine.graph;

import java.util.ArrayDeque;
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
public final class WaitForGraph {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private final List<Boolean> isLock = new ArrayList<>();
    private int[][] out = new int[16][];
    private int[] outSize = new int[16];
    private final Map<Long, String> edgeSource = new HashMap<>();

    public int task(String key) {
        return node("t:" + key, false);
    }

    public int lock(String key) {
        return node("l:" + key, true);
    }

    private int node(String key, boolean lock) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int n = keys.size();
        ids.put(key, n);
        keys.add(key);
        isLock.add(lock);
        if (n >= out.length) {
            out = Arrays.copyOf(out, n * 2);
            outSize = Arrays.copyOf(outSize, n * 2);
        }
        return n;
    }

    /** Task {@code task} waits for lock {@code lock}; {@code source} names the fact that shows it. */
    public void waits(int task, int lock, String source) {
        edge(task, lock, source);
    }

    /** Lock {@code lock} is held by {@code task}. */
    public void holds(int task, int lock, String source) {
        edge(lock, task, source);
    }

    private void edge(int from, int to, String source) {
        long k = ((long) from << 32) | to;
        if (edgeSource.containsKey(k)) {
            return;
        }
        edgeSource.put(k, source);
        int[] a = out[from];
        if (a == null) {
            a = new int[2];
            out[from] = a;
        }
        if (outSize[from] == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            out[from] = a;
        }
        a[outSize[from]++] = to;
    }

    public int size() {
        return keys.size();
    }

    public String key(int node) {
        return keys.get(node).substring(2);
    }

    public boolean isLock(int node) {
        return isLock.get(node);
    }

    public String source(int from, int to) {
        return edgeSource.get(((long) from << 32) | to);
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
        java.util.Set<Integer> in = new java.util.HashSet<>();
        for (int c : component) {
            in.add(c);
        }
        Map<Integer, Integer> parent = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        parent.put(start, -1);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : next(v)) {
                if (!in.contains(w)) {
                    continue;
                }
                if (w == start) {
                    List<Integer> path = new ArrayList<>();
                    for (int x = v; x != -1; x = parent.get(x)) {
                        path.add(0, x);
                    }
                    return path;
                }
                if (!parent.containsKey(w)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        return List.of(start);
    }
}
