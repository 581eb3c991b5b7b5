package io.lipsync.testing;

import io.lipsync.face.BlazeFaceDetector;
import io.lipsync.face.FaceCrops;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoDecoder;
import io.lipsync.media.VideoEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A prepared clip made from a real face clip as upstream's pipeline would make it (25 fps, faces aligned
 * at 256 px, the clip's audio), with the face stage; a frame without a face repeats the last crop.
 */
public final class PreparedFaceClip {
    private PreparedFaceClip() {}

    public static void write(Path video, Path out) {
        List<Rgb> crops = new ArrayList<>();
        try (BlazeFaceDetector detector = new BlazeFaceDetector(TestModels.blazeFace())) {
            FaceCrops faces = new FaceCrops(detector, 256);
            VideoDecoder.decode(video, rgb -> {
                Optional<FaceCrops.Crop> crop = faces.next(rgb);
                crops.add(crop.map(FaceCrops.Crop::face).orElse(crops.isEmpty() ? Rgb.blank(256, 256) : crops.get(crops.size() - 1)));
            });
        }
        float[] audio = AudioDecoder.decode(video);
        int perFrame = AudioDecoder.SAMPLE_RATE / VideoDecoder.FPS;
        try (VideoEncoder encoder = new VideoEncoder(out, 256, 256, "mp4")) {
            for (int i = 0; i < crops.size(); i++) {
                encoder.writeVideo(crops.get(i));
                encoder.writeAudio(audio, Math.min(audio.length, i * perFrame), Math.min(audio.length, (i + 1) * perFrame));
            }
            encoder.commit();
        }
    }
}
