package io.gridkv.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The p-values the uniformity tests rely on, against published chi-square tables. */
class StatisticsTest {
    @Test
    void chiSquarePValue_matchesTables() {
        assertEquals(0.05, Statistics.chiSquarePValue(3.841, 1), 1e-4);
        assertEquals(0.001, Statistics.chiSquarePValue(148.230, 99), 1e-5);
        assertEquals(0.5, Statistics.chiSquarePValue(98.334, 99), 1e-4);
        assertEquals(0.01, Statistics.chiSquarePValue(23.209, 10), 1e-5);
    }

    @Test
    void chiSquareUniform_ofPerfectCounts_isZero() {
        assertEquals(0.0, Statistics.chiSquareUniform(new long[] {5, 5, 5, 5}));
        assertEquals(1.6, Statistics.chiSquareUniform(new long[] {7, 3, 5, 5}), 1e-12);
    }
}
