package io.lipsync.obs.daemon;

import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.Preset;

/**
 * What the user chose in OBS for one job's render: the preset (null: the daemon's own sampling) and the face
 * to lip-sync where the clip shows several.
 */
public record JobChoices(Preset preset, FaceChoice face) {
    /** Nothing chosen: the daemon's sampling, the largest face. */
    public static final JobChoices DEFAULT = new JobChoices(null, FaceChoice.LARGEST);

    public JobChoices {
        face = face == null ? FaceChoice.LARGEST : face;
    }

    /** What the job line shows beside its state: " (Draft, face left-2)", or nothing for the defaults. */
    public String label() {
        String preset = this.preset != null ? this.preset.label() : null;
        String face = this.face.equals(FaceChoice.LARGEST) ? null : "face " + this.face;
        if (preset == null && face == null) {
            return "";
        }
        return " (" + (preset == null ? face : face == null ? preset : preset + ", " + face) + ")";
    }
}
