package io.lipsync.eval;

/**
 * The Fréchet distance between two sets of features, as upstream's eval/fvd.py computes FVD (and FID):
 * ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2·sqrtm(Σ₁Σ₂)). The trace of the square root is taken the symmetric way,
 * Σ √λᵢ(√Σ₁ Σ₂ √Σ₁) with negative eigenvalues clipped to 0, which also holds for the singular covariances
 * of small evaluation sets (fewer videos than feature dimensions).
 */
public final class FrechetDistance {
    /** Mean (float32 features averaged) and covariance (divisor N − 1) of a set of feature rows. */
    public record Stats(double[] mu, double[][] sigma) {
        public static Stats of(float[][] feats) {
            int n = feats.length;
            int d = feats[0].length;
            double[] mu = new double[d];
            for (float[] row : feats) {
                for (int j = 0; j < d; j++) {
                    mu[j] += row[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mu[j] = (float) (mu[j] / n);
            }
            double[] exact = new double[d];
            for (float[] row : feats) {
                for (int j = 0; j < d; j++) {
                    exact[j] += row[j] / (double) n;
                }
            }
            double[][] sigma = new double[d][d];
            for (float[] row : feats) {
                for (int i = 0; i < d; i++) {
                    double a = row[i] - exact[i];
                    for (int j = i; j < d; j++) {
                        sigma[i][j] += a * (row[j] - exact[j]);
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    sigma[i][j] /= n - 1;
                    sigma[j][i] = sigma[i][j];
                }
            }
            return new Stats(mu, sigma);
        }
    }

    private FrechetDistance() {}

    public static double of(Stats fake, Stats real) {
        int d = fake.mu().length;
        double m = 0;
        double trace = 0;
        for (int i = 0; i < d; i++) {
            double diff = fake.mu()[i] - real.mu()[i];
            m += diff * diff;
            trace += fake.sigma()[i][i] + real.sigma()[i][i];
        }
        double[][] root = SymmetricEigen.sqrt(fake.sigma());
        double[][] inner = SymmetricEigen.multiply(SymmetricEigen.multiply(root, real.sigma()), root);
        double rootTrace = 0;
        for (double lambda : SymmetricEigen.of(inner).values()) {
            rootTrace += Math.sqrt(Math.max(0, lambda));
        }
        return m + trace - 2 * rootTrace;
    }
}
