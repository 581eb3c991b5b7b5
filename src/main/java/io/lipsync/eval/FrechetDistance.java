package io.lipsync.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The Fréchet distance between two sets of features, as upstream's eval/fvd.py computes FVD (and FID):
 * ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2·sqrtm(Σ₁Σ₂)). The trace of the square root is taken the symmetric way,
 * Σ √λᵢ(√Σ₁ Σ₂ √Σ₁) with negative eigenvalues clipped to 0, which also holds for the singular covariances
 * of small evaluation sets (fewer videos than feature dimensions); from the features themselves, small sets
 * take a cheaper exact route. Eigen and singular value decompositions are EJML's.
 */
public final class FrechetDistance {
    /** Mean (float32 features averaged) and covariance (divisor N − 1) of a set of feature rows. */
    public record Stats(double[] mu, double[][] sigma) {
        public static Stats of(float[][] feats) {
            double[][] x = centred(feats);
            int d = x[0].length;
            double[][] sigma = new double[d][d];
            for (double[] row : x) {
                for (int i = 0; i < d; i++) {
                    for (int j = i; j < d; j++) {
                        sigma[i][j] += row[i] * row[j];
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    sigma[i][j] /= feats.length - 1;
                    sigma[j][i] = sigma[i][j];
                }
            }
            return new Stats(mean32(feats), sigma);
        }
    }

    private FrechetDistance() {}

    /** From the two sets' statistics: the symmetric route on d x d covariances. */
    public static double of(Stats fake, Stats real) {
        int d = fake.mu().length;
        double m = 0;
        double trace = 0;
        for (int i = 0; i < d; i++) {
            double diff = fake.mu()[i] - real.mu()[i];
            m += diff * diff;
            trace += fake.sigma()[i][i] + real.sigma()[i][i];
        }
        DMatrixRMaj root = sqrt(new DMatrixRMaj(fake.sigma()));
        DMatrixRMaj inner = multiply(multiply(root, new DMatrixRMaj(real.sigma())), root);
        double rootTrace = 0;
        for (double lambda : eigenvalues(inner)) {
            rootTrace += Math.sqrt(Math.max(0, lambda));
        }
        return m + trace - 2 * rootTrace;
    }

    /**
     * From the features themselves. With fewer rows than features on a side (the usual evaluation set) the
     * covariances have rank below d, and tr sqrtm(S1 S2) is the sum of the singular values of X1 X2^T (the
     * centred rows' cross products) over sqrt((n1 - 1)(n2 - 1)): an n1 x n2 problem instead of d x d.
     */
    public static double of(float[][] fake, float[][] real) {
        int d = fake[0].length;
        if (Math.min(fake.length, real.length) >= d) {
            return of(Stats.of(fake), Stats.of(real));
        }
        double[] muFake = mean32(fake);
        double[] muReal = mean32(real);
        double m = 0;
        for (int i = 0; i < d; i++) {
            m += (muFake[i] - muReal[i]) * (muFake[i] - muReal[i]);
        }
        double[][] x = centred(fake);
        double[][] y = centred(real);
        double trace = squaredNorm(x) / (fake.length - 1) + squaredNorm(y) / (real.length - 1);
        DMatrixRMaj cross = new DMatrixRMaj(x.length, y.length);
        CommonOps_DDRM.multTransB(new DMatrixRMaj(x), new DMatrixRMaj(y), cross);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(cross.numRows, cross.numCols,
                false, false, true);
        if (!svd.decompose(cross)) {
            throw new ArithmeticException("the singular value decomposition did not converge");
        }
        double nuclear = 0;
        for (double sigma : svd.getSingularValues()) {
            nuclear += sigma;
        }
        return m + trace - 2 * nuclear / Math.sqrt((fake.length - 1.0) * (real.length - 1.0));
    }

    /** Upstream's mu: the float32 features averaged in float32. */
    private static double[] mean32(float[][] feats) {
        double[] mu = new double[feats[0].length];
        for (float[] row : feats) {
            for (int j = 0; j < mu.length; j++) {
                mu[j] += row[j];
            }
        }
        for (int j = 0; j < mu.length; j++) {
            mu[j] = (float) (mu[j] / feats.length);
        }
        return mu;
    }

    /** The rows minus their exact (double) mean, as the covariance is computed. */
    private static double[][] centred(float[][] feats) {
        int d = feats[0].length;
        double[] mean = new double[d];
        for (float[] row : feats) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / (double) feats.length;
            }
        }
        double[][] out = new double[feats.length][d];
        for (int i = 0; i < feats.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = feats[i][j] - mean[j];
            }
        }
        return out;
    }

    private static double squaredNorm(double[][] x) {
        double s = 0;
        for (double[] row : x) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    /** The square root of a symmetric positive semi-definite matrix, negative eigenvalues (rounding) taken as 0. */
    private static DMatrixRMaj sqrt(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = symmetricEigen(s);
        int n = s.numRows;
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        DMatrixRMaj scaled = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double root = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < n; i++) {
                vectors.set(i, k, v.get(i));
                scaled.set(i, k, v.get(i) * root);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(scaled, vectors, out);
        return out;
    }

    private static double[] eigenvalues(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = symmetricEigen(s);
        double[] out = new double[eig.getNumberOfEigenvalues()];
        for (int k = 0; k < out.length; k++) {
            out[k] = eig.getEigenvalue(k).getReal();
        }
        return out;
    }

    /** The decomposition of (M + M^T) / 2, exactly symmetric as the symmetric solver requires. */
    private static EigenDecomposition_F64<DMatrixRMaj> symmetricEigen(DMatrixRMaj m) {
        DMatrixRMaj symmetric = new DMatrixRMaj(m.numRows, m.numCols);
        CommonOps_DDRM.transpose(m, symmetric);
        CommonOps_DDRM.addEquals(symmetric, m);
        CommonOps_DDRM.scale(0.5, symmetric);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, true, true);
        if (!eig.decompose(symmetric)) {
            throw new ArithmeticException("the eigen decomposition did not converge");
        }
        return eig;
    }

    private static DMatrixRMaj multiply(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, out);
        return out;
    }
}
