package io.gridkv.testing;

/** Just enough statistics for goodness-of-fit tests: the chi-square statistic and its p-value. */
public final class Statistics {
    private Statistics() {}

    /** Pearson's chi-square statistic of observed counts against a uniform expectation. */
    public static double chiSquareUniform(long[] observed) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        double expected = (double) total / observed.length;
        double chi2 = 0;
        for (long o : observed) {
            double d = o - expected;
            chi2 += d * d / expected;
        }
        return chi2;
    }

    /** P(X >= chi2) for X ~ chi-square with {@code df} degrees of freedom: the upper regularized gamma Q(df/2, chi2/2). */
    public static double chiSquarePValue(double chi2, int df) {
        return upperRegularizedGamma(df / 2.0, chi2 / 2.0);
    }

    /** Q(a, x), by its series below a+1 and its continued fraction above (Numerical Recipes, 6.2). */
    static double upperRegularizedGamma(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        double logPrefix = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double sum = 1.0 / a;
            double term = sum;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                    break;
                }
            }
            return 1.0 - sum * Math.exp(logPrefix);
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(logPrefix) * h;
    }

    /** Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for the arguments used here. */
    static double logGamma(double x) {
        double[] c = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        x -= 1;
        double sum = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            sum += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
