package io.lipsync.model.whisper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Conv1d;
import io.lipsync.model.nn.LayerNorm;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Network;
import io.lipsync.model.nn.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * Whisper's audio encoder: two GELU convs (the second halves time), positional embedding, transformer
 * blocks, final LayerNorm. The text decoder's weights are declared (they are in the file) but never loaded.
 */
public final class WhisperEncoder extends Network<WhisperDims> {
    private final Conv1d conv1;
    private final Conv1d conv2;
    private final Param positionalEmbedding;
    private final List<ResidualAttentionBlock> blocks = new ArrayList<>();
    private final LayerNorm lnPost;

    public WhisperEncoder(WhisperDims dims) {
        super("Whisper", KeyMatch.EXACT, dims);
        Params enc = params.child("encoder");
        int d = config().audio().state();
        conv1 = new Conv1d(enc.child("conv1"), config().nMels(), d, 3, 1, 1);
        conv2 = new Conv1d(enc.child("conv2"), d, d, 3, 2, 1);
        positionalEmbedding = enc.add("positional_embedding", config().audio().ctx(), d);
        for (int i = 0; i < config().audio().layer(); i++) {
            blocks.add(new ResidualAttentionBlock(enc.child("blocks", i), d, config().audio().head()));
        }
        lnPost = new LayerNorm(enc.child("ln_post"), d);
        declareTextDecoder(params.child("decoder"), dims);
    }

    private static void declareTextDecoder(Params dec, WhisperDims dims) {
        long d = dims.text().state();
        dec.addUnused("token_embedding.weight", dims.nVocab(), d);
        dec.addUnused("positional_embedding", dims.text().ctx(), d);
        for (int i = 0; i < dims.text().layer(); i++) {
            Params b = dec.child("blocks", i);
            for (String attn : new String[] {"attn", "cross_attn"}) {
                Params a = b.child(attn);
                for (String proj : new String[] {"query", "key", "value", "out"}) {
                    a.addUnused(proj + ".weight", d, d);
                    if (!proj.equals("key")) {
                        a.addUnused(proj + ".bias", d);
                    }
                }
                b.addUnused(attn + "_ln.weight", d);
                b.addUnused(attn + "_ln.bias", d);
            }
            b.addUnused("mlp.0.weight", 4 * d, d);
            b.addUnused("mlp.0.bias", 4 * d);
            b.addUnused("mlp.2.weight", d, 4 * d);
            b.addUnused("mlp.2.bias", d);
            b.addUnused("mlp_ln.weight", d);
            b.addUnused("mlp_ln.bias", d);
        }
        dec.addUnused("ln.weight", d);
        dec.addUnused("ln.bias", d);
    }


    /**
     * mel (N, n_mels, 2*n_ctx) -> the input embedding and every block's output, stacked:
     * (N, n_ctx, n_layer + 1, D), and the final output after ln_post (N, n_ctx, D).
     */
    public NDList forward(NDArray mel) {
        return ModuleTimes.time("Whisper encoder", () -> run(mel));
    }

    private NDList run(NDArray mel) {
        NDArray x = Ops.scoped(() -> {
            NDArray h = Ops.gelu(conv2.forward(Ops.gelu(conv1.forward(mel)))).transpose(0, 2, 1);
            return h.add(positionalEmbedding.value());
        });
        NDList layers = new NDList(x);
        for (ResidualAttentionBlock block : blocks) {
            x = block.forward(x);
            layers.add(x);
        }
        NDArray stacked = NDArrays.stack(layers, 2);
        return new NDList(stacked, lnPost.forward(x));
    }
}
