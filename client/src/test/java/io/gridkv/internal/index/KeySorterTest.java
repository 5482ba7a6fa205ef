package io.gridkv.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeySorterTest {

    private static final Comparator<String> UTF8 =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "random",
                "sorted",
                "reversed",
                "allEqual",
                "fewDistinct",
                "longSharedPrefix",
                "sixteenByteTies",
                "organPipe",
                "wide"
            })
    void sortDistinct_matchesTreeSet(String shape) {
        long seed = shape.hashCode();
        Random random = new Random(seed);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            switch (shape) {
                case "allEqual" -> keys.add("same");
                case "fewDistinct" -> keys.add("k" + random.nextInt(7));
                case "longSharedPrefix" -> keys.add("tenant/0001/bucket/objects/" + random.nextInt(5000));
                case "sixteenByteTies" ->
                    keys.add("0123456789abcdef" + (random.nextBoolean() ? "" : random.nextInt(9))
                            + (random.nextBoolean() ? "\u0000" : ""));
                case "wide" ->
                    keys.add("w" + random.nextInt(3000) + (random.nextBoolean() ? "\uE000" : "\uD83D\uDE00"));
                default -> keys.add("user:" + random.nextInt(15_000) + (random.nextInt(9) == 0 ? "\u00E9\u0800" : ""));
            }
        }
        if (shape.equals("sorted") || shape.equals("reversed") || shape.equals("organPipe")) {
            keys.sort(UTF8);
            if (shape.equals("reversed")) {
                Collections.reverse(keys);
            } else if (shape.equals("organPipe")) {
                Collections.reverse(keys.subList(keys.size() / 2, keys.size()));
            }
        }
        TreeSet<String> expected = new TreeSet<>(UTF8);
        expected.addAll(keys);
        String[] array = keys.toArray(new String[0]);
        boolean narrow = keys.stream().allMatch(KeyHeads::narrow);
        int n = KeySorter.sortDistinct(array, narrow);
        assertEquals(new ArrayList<>(expected), Arrays.asList(array).subList(0, n), "seed=" + seed);
    }
}
