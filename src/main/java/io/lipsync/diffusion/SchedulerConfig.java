package io.lipsync.diffusion;

import com.google.gson.JsonObject;

/** The DDIMScheduler settings LatentSync ships in configs/scheduler_config.json. */
public record SchedulerConfig(int trainTimesteps, float betaStart, float betaEnd, String betaSchedule,
        boolean setAlphaToOne, int stepsOffset, boolean clipSample) {

    public static SchedulerConfig latentSync() {
        return new SchedulerConfig(1000, 0.00085f, 0.012f, "scaled_linear", false, 1, false);
    }

    public static SchedulerConfig fromJson(JsonObject o) {
        SchedulerConfig d = latentSync();
        return new SchedulerConfig(
                o.has("num_train_timesteps") ? o.get("num_train_timesteps").getAsInt() : d.trainTimesteps,
                o.has("beta_start") ? o.get("beta_start").getAsFloat() : d.betaStart,
                o.has("beta_end") ? o.get("beta_end").getAsFloat() : d.betaEnd,
                o.has("beta_schedule") ? o.get("beta_schedule").getAsString() : d.betaSchedule,
                o.has("set_alpha_to_one") && o.get("set_alpha_to_one").getAsBoolean(),
                o.has("steps_offset") ? o.get("steps_offset").getAsInt() : d.stepsOffset,
                o.has("clip_sample") && o.get("clip_sample").getAsBoolean());
    }
}
