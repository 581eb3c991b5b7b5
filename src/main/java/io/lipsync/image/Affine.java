package io.lipsync.image;

/** A 2x3 affine map [[a, b, c], [d, e, f]]: (x, y) -> (a x + b y + c, d x + e y + f). */
public record Affine(double a, double b, double c, double d, double e, double f) {

    public double mapX(double x, double y) {
        return a * x + b * y + c;
    }

    public double mapY(double x, double y) {
        return d * x + e * y + f;
    }

    public Affine inverse() {
        double det = a * e - b * d;
        if (Math.abs(det) < 1e-12) {
            throw new IllegalStateException("affine map is not invertible");
        }
        double ia = e / det;
        double ib = -b / det;
        double id = -d / det;
        double ie = a / det;
        return new Affine(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }

    /** Row-major [a, b, c, d, e, f]. */
    public float[] toFloats() {
        return new float[] {(float) a, (float) b, (float) c, (float) d, (float) e, (float) f};
    }

    public static Affine of(float[] m) {
        return new Affine(m[0], m[1], m[2], m[3], m[4], m[5]);
    }
}
