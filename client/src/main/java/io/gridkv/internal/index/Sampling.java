package io.gridkv.internal.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/** Random selection of positions among {@code n} candidates, for {@code randomKeys}. */
public final class Sampling {
    private Sampling() {}

    /**
     * {@code count} candidates drawn uniformly by position ({@code at} maps a position to its key). Unique: distinct
     * positions in random order, or every candidate shuffled when there are no more than {@code count}. Otherwise:
     * exactly {@code count} independent draws (with replacement). No candidates: an empty list.
     */
    public static List<String> pick(int n, int count, boolean unique, IntFunction<String> at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> out = new ArrayList<>(Math.min(count, unique ? n : count));
        if (n == 0) {
            return out;
        }
        if (!unique) {
            for (int i = 0; i < count; i++) {
                out.add(at.apply(random.nextInt(n)));
            }
            return out;
        }
        if (count >= n) {
            for (int i = 0; i < n; i++) {
                out.add(at.apply(i));
            }
            Collections.shuffle(out, random);
            return out;
        }
        // Floyd's algorithm: count distinct positions in O(count), however large n is.
        Set<Integer> chosen = new HashSet<>(count * 2);
        for (int j = n - count; j < n; j++) {
            int t = random.nextInt(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        for (int position : chosen) {
            out.add(at.apply(position));
        }
        Collections.shuffle(out, random);
        return out;
    }
}
