package io.lipsync.audio;

/**
 * SyncNet-v2's audio front end (syncnet_python, as upstream's eval uses it): python_speech_features 0.6
 * mfcc(signal, 16000) on int16 sample values, in double. Pre-emphasis 0.97; 400-sample frames every 160,
 * the last one zero-padded, no window; |rfft(512)|²/512; 26 triangular filters on the HTK mel scale over
 * 0-8000 Hz; log; orthonormal DCT-II, 13 coefficients; lifter 22; coefficient 0 replaced by the log of the
 * frame's energy. 100 frames per second.
 */
public final class Mfcc {
    public static final int COEFFICIENTS = 13;
    private static final int SAMPLE_RATE = 16_000;
    private static final int FRAME = 400;
    private static final int STEP = 160;
    private static final int NFFT = 512;
    private static final int FILTERS = 26;
    private static final double EPS = Math.ulp(1.0); // numpy's float64 eps: the floor for log(0)

    private static final double[][] FILTERBANK = filterbank();
    private static final double[][] COS = new double[NFFT / 2 + 1][FRAME];
    private static final double[][] SIN = new double[NFFT / 2 + 1][FRAME];

    static {
        for (int k = 0; k <= NFFT / 2; k++) {
            for (int t = 0; t < FRAME; t++) {
                double angle = 2 * Math.PI * ((long) k * t % NFFT) / NFFT;
                COS[k][t] = Math.cos(angle);
                SIN[k][t] = Math.sin(angle);
            }
        }
    }

    private Mfcc() {}

    /** (26, 257) triangles between floor(513·hz(point)/16000) bins of 28 points evenly spaced in mel. */
    public static double[][] filterbank() {
        double low = hzToMel(0);
        double high = hzToMel(SAMPLE_RATE / 2.0);
        int[] bin = new int[FILTERS + 2];
        for (int i = 0; i < bin.length; i++) {
            double point = low + (high - low) * i / (FILTERS + 1);
            bin[i] = (int) Math.floor((NFFT + 1) * melToHz(point) / SAMPLE_RATE);
        }
        double[][] fb = new double[FILTERS][NFFT / 2 + 1];
        for (int j = 0; j < FILTERS; j++) {
            for (int i = bin[j]; i < bin[j + 1]; i++) {
                fb[j][i] = (double) (i - bin[j]) / (bin[j + 1] - bin[j]);
            }
            for (int i = bin[j + 1]; i < bin[j + 2]; i++) {
                fb[j][i] = (double) (bin[j + 2] - i) / (bin[j + 2] - bin[j + 1]);
            }
        }
        return fb;
    }

    /** int16 sample values -> (frames, 13) */
    public static double[][] compute(short[] samples) {
        int n = samples.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = samples[i] - (i > 0 ? 0.97 * samples[i - 1] : 0);
        }
        int frames = n <= FRAME ? 1 : 1 + (int) Math.ceil((n - FRAME) / (double) STEP);
        int bins = NFFT / 2 + 1;
        double[][] out = new double[frames][COEFFICIENTS];
        double[] power = new double[bins];
        double[] logFeat = new double[FILTERS];
        for (int f = 0; f < frames; f++) {
            double energy = 0;
            for (int k = 0; k < bins; k++) {
                double re = 0;
                double im = 0;
                for (int t = 0; t < FRAME; t++) {
                    int i = f * STEP + t;
                    double v = i < n ? y[i] : 0;
                    re += v * COS[k][t];
                    im -= v * SIN[k][t];
                }
                power[k] = (re * re + im * im) / NFFT;
                energy += power[k];
            }
            for (int j = 0; j < FILTERS; j++) {
                double sum = 0;
                for (int k = 0; k < bins; k++) {
                    sum += power[k] * FILTERBANK[j][k];
                }
                logFeat[j] = Math.log(sum == 0 ? EPS : sum);
            }
            for (int c = 0; c < COEFFICIENTS; c++) {
                double sum = 0;
                for (int j = 0; j < FILTERS; j++) {
                    sum += logFeat[j] * Math.cos(Math.PI * c * (2 * j + 1) / (2.0 * FILTERS));
                }
                double scale = c == 0 ? Math.sqrt(1.0 / (4 * FILTERS)) : Math.sqrt(2.0 / (4 * FILTERS));
                double lifter = 1 + 22 / 2.0 * Math.sin(Math.PI * c / 22);
                out[f][c] = 2 * scale * sum * lifter;
            }
            out[f][0] = Math.log(energy == 0 ? EPS : energy);
        }
        return out;
    }

    static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
