package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Param;
import java.util.List;
import java.util.Map;

/**
 * What the training-step fixtures check of an update: each trainable tensor's raw gradient norm, the norm of
 * its change, and the full gradient and change of a few selected tensors. Changes of elements whose
 * clipped gradient is below 1e-6 are not compared (AdamW turns such gradients into steps of arbitrary
 * sign), as the fixtures' rule says; the parameters hold their clipped gradients until the next step.
 */
final class StepChecks {
    private StepChecks() {}

    /**
     * What one update left, by tensor name: the parameters, their raw gradient norms, their values before the
     * step, and the raw gradients kept of the selected tensors.
     */
    record Update(Map<String, Param> byName, Map<String, Float> gradNorms, Map<String, float[]> before,
            Map<String, NDArray> kept) {}

    /** {@code order}: the fixture's tensor order; {@code selected}: the tensors compared in full. */
    static void compare(ParityCase c, Fixtures f, CaseOutputs out, List<String> order, List<String> selected, Update u)
            throws Exception {
        Map<String, Param> byName = u.byName();
        Map<String, float[]> before = u.before();
        float[] norms = new float[order.size()];
        float[] deltaNorms = new float[order.size()];
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            norms[i] = u.gradNorms().get(name);
            float[] clipped;
            try (NDArray g = byName.get(name).value().getGradient()) {
                clipped = g.toFloatArray();
            }
            float[] after = byName.get(name).value().toFloatArray();
            float[] delta = new float[after.length];
            double sum = 0;
            for (int k = 0; k < after.length; k++) {
                delta[k] = (float) ((double) after[k] - before.get(name)[k]);
                if (Math.abs(clipped[k]) >= 1e-6f) {
                    sum += (double) delta[k] * delta[k];
                } else {
                    delta[k] = Float.NaN;
                }
            }
            deltaNorms[i] = (float) Math.sqrt(sum);
            if (selected.contains(name)) {
                out.put("grad/" + name, u.kept().get(name));
                Tensor golden = f.golden(c, "delta/" + name);
                float[] theirs = golden.data().clone();
                for (int k = 0; k < delta.length; k++) {
                    if (Float.isNaN(delta[k])) {
                        delta[k] = 0;
                        theirs[k] = 0;
                    }
                }
                out.selector("delta/" + name).compare("delta/" + name + " (non-exempt)",
                        new Tensor(delta, golden.shape()), new Tensor(theirs, golden.shape()),
                        c.tolerance().forOutput("delta/" + name));
            }
        }
        out.put("grad_norms", Tensor.of(norms, norms.length)).put("delta_norms", Tensor.of(deltaNorms, deltaNorms.length));
    }
}
