package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.nets.Nets;
import io.lipsync.audio.AudioFeatureExtractor;
import io.lipsync.audio.LogMelSpectrogram;
import io.lipsync.audio.MelFilterBank;
import io.lipsync.audio.Mfcc;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.model.whisper.WhisperEncoder;

/** Runners for the audio kinds: log-mel, Whisper features and windows, the encoder alone. */
final class AudioCases {
    private AudioCases() {}

    static CaseOutputs logMel(ParityCase c, Fixtures f, NDManager m) {
        Tensor samples = f.input(c, "samples");
        LogMelSpectrogram mel = new LogMelSpectrogram(c.configInt("n_mels", 80));
        return new CaseOutputs().put("log_mel", mel.compute(m, samples.data()));
    }

    /** SyncNet's mel: the pre-emphasised signal, the STFT magnitude, the mel basis and the scaled mel. */
    static CaseOutputs syncnetMel(ParityCase c, Fixtures f, NDManager m) {
        float[] samples = f.input(c, "samples").data();
        double[] emphasised = SyncNetMel.preemphasis(samples);
        float[] y = new float[emphasised.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) emphasised[i];
        }
        float[][] basis = SyncNetMel.basis();
        return new CaseOutputs().put("preemphasized", Tensor.of(y, y.length))
                .put("stft_magnitude", SyncNetMel.magnitude(m, emphasised))
                .put("mel_basis", Tensor.of(MelFilterBank.flat(basis), basis.length, basis[0].length))
                .put("mel", SyncNetMel.compute(m, samples));
    }

    /** The dataset's mel windows: [s, start, end, width, valid] per start frame s, and some windows whole. */
    static CaseOutputs melWindows(ParityCase c, Fixtures f, NDManager m) {
        NDArray mel = f.inputArray(c, "mel", m);
        int columns = (int) mel.getShape().get(1);
        int fps = c.configInt("video_fps", 25);
        int length = SyncNetMel.windowLength(c.configInt("num_frames", 16));
        // The start frames asked about are the golden table's first column.
        Tensor asked = f.golden(c, "window_table");
        int rows = (int) asked.shape()[0];
        int width = (int) asked.shape()[1];
        float[] table = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int s = (int) asked.data()[r * width];
            int[] w = SyncNetMel.window(s, fps, length, columns);
            // end is the slice's nominal end (start + length); width what the mel actually holds there.
            float[] row = {s, w[0], w[0] + length, w[1] - w[0], w[1] - w[0] == length ? 1 : 0};
            System.arraycopy(row, 0, table, r * width, width);
        }
        CaseOutputs out = new CaseOutputs().put("window_table", Tensor.of(table, rows, width));
        for (String key : c.outputKeys()) {
            if (key.startsWith("mel_window_s")) {
                int s = Integer.parseInt(key.substring("mel_window_s".length()));
                int[] w = SyncNetMel.window(s, fps, length, columns);
                out.put(key, mel.get(":, " + w[0] + ":" + w[1]));
            }
        }
        return out;
    }

    /** python_speech_features' MFCC on int16 values, and its filterbank. */
    static CaseOutputs mfcc(ParityCase c, Fixtures f, NDManager m) {
        float[] values = f.input(c, "samples_int16").data();
        short[] samples = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            samples[i] = (short) values[i];
        }
        return new CaseOutputs().put("mfcc", flat(Mfcc.compute(samples)))
                .put("filterbank", flat(Mfcc.filterbank()));
    }

    static Tensor flat(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < cols; k++) {
                out[r * cols + k] = (float) rows[r][k];
            }
        }
        return Tensor.of(out, rows.length, cols);
    }

    static CaseOutputs whisperFeatures(ParityCase c, Fixtures f, NDManager m) {
        AudioFeatureExtractor extractor = extractor(c, f, m);
        NDArray features = extractor.features(f.inputArray(c, "log_mel", m));
        return new CaseOutputs().put("features", features)
                .put("frame_windows", AudioFeatureExtractor.frameWindows(features));
    }

    static CaseOutputs whisperFeaturesLong(ParityCase c, Fixtures f, NDManager m) {
        NDArray mel = tiledMel(c, f, m);
        NDArray features = extractor(c, f, m).features(mel);
        long rows = features.getShape().get(0);
        Tensor ids = f.golden(c, "frame_window_ids");
        NDList selected = new NDList();
        for (float id : ids.data()) {
            selected.add(AudioFeatureExtractor.frameWindows(features, (int) id, (int) id + 1));
        }
        return new CaseOutputs()
                .put("features_1495_1505", features.get("1495:1505"))
                .put("features_tail5", features.get((rows - 5) + ":"))
                .put("num_features", Tensor.scalar(rows))
                .put("num_frame_windows", Tensor.scalar(AudioFeatureExtractor.windowCount(rows)))
                .selector("frame_window_ids")
                .put("frame_windows_sel", NDArrays.concat(selected, 0));
    }

    static CaseOutputs whisperEncoder(ParityCase c, Fixtures f, NDManager m) {
        WhisperEncoder encoder = Nets.loadWhisper(f.path(c.input("checkpoint")), m);
        NDArray mel = sourceMel(c, f, m);
        long frames = mel.getShape().get(1);
        NDArray padded = mel.pad(new Shape(0, AudioFeatureExtractor.WINDOW_MEL_FRAMES - frames), 0);
        NDArray out = encoder.forward(padded.expandDims(0)).get(1).get(0);
        return new CaseOutputs().put("encoder_out_rows0_16", out.get(":16"));
    }

    static CaseOutputs audioWindows(ParityCase c, Fixtures f, NDManager m) {
        CaseOutputs out = new CaseOutputs();
        for (String key : c.outputKeys()) {
            if (!key.startsWith("windows_")) {
                continue;
            }
            String suffix = key.substring("windows_".length());
            NDArray features = f.inputArray(c, "features_" + suffix, m);
            long rows = features.getShape().get(0);
            int count = AudioFeatureExtractor.windowCount(rows);
            float[] indices = new float[count * 10];
            for (int i = 0; i < count; i++) {
                int[] r = AudioFeatureExtractor.windowRows(i, rows);
                for (int j = 0; j < r.length; j++) {
                    indices[i * 10 + j] = r[j];
                }
            }
            out.put(key, AudioFeatureExtractor.frameWindows(features));
            out.put("indices_" + suffix, Tensor.of(indices, count, 10));
        }
        return out;
    }

    private static AudioFeatureExtractor extractor(ParityCase c, Fixtures f, NDManager m) {
        return new AudioFeatureExtractor(Nets.loadWhisper(f.path(c.input("checkpoint")), m));
    }

    private static NDArray sourceMel(ParityCase c, Fixtures f, NDManager m) {
        Tensor t = f.input(c, "log_mel_source");
        return m.create(t.data(), new Shape(t.shape()));
    }

    /** The source log-mel repeated along time and cut to log_mel_frames, as the long case defines its input. */
    private static NDArray tiledMel(ParityCase c, Fixtures f, NDManager m) {
        NDArray mel = sourceMel(c, f, m);
        long frames = Long.parseLong(c.input("log_mel_frames"));
        long have = mel.getShape().get(1);
        NDList copies = new NDList();
        for (long covered = 0; covered < frames; covered += have) {
            copies.add(mel);
        }
        return NDArrays.concat(copies, 1).get(":, :" + frames);
    }
}
