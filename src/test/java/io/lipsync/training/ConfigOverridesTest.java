package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.SharedFixtures;
import io.lipsync.util.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configs by name: --set replaces keys the config has, and the sections' values reach the records. */
class ConfigOverridesTest {
    @Test
    void settingsReplaceKeysWithYamlValuesAndLeaveTheOriginalAlone() {
        Map<String, Object> root = Map.of("run", Map.of("max_train_steps", 10, "use_syncnet", false),
                "optimizer", Map.of("lr", 1e-5));
        Map<String, Object> set = ConfigOverrides.apply(root, List.of("run.max_train_steps=100",
                "run.use_syncnet=true", "optimizer.lr=2e-4"));
        assertEquals(Map.of("max_train_steps", 100, "use_syncnet", true), set.get("run"));
        assertEquals(2e-4, ((Map<?, ?>) set.get("optimizer")).get("lr"));
        assertEquals(10, ((Map<?, ?>) root.get("run")).get("max_train_steps"), "the original is not changed");
    }

    @Test
    void unknownKeysAndMalformedSettingsAreRefusedWithWhatIsThere() {
        Map<String, Object> root = Map.of("run", Map.of("max_train_steps", 10));
        UserError typo = assertThrows(UserError.class, () -> ConfigOverrides.apply(root, List.of("run.max_train_step=5")));
        assertTrue(typo.userMessage().contains("no key run.max_train_step") && typo.userMessage().contains("max_train_steps"),
                typo.userMessage());
        UserError section = assertThrows(UserError.class, () -> ConfigOverrides.apply(root, List.of("ckpt.x=1")));
        assertTrue(section.userMessage().contains("no section ckpt"), section.userMessage());
        assertThrows(UserError.class, () -> ConfigOverrides.apply(root, List.of("max_train_steps=5")));
        assertThrows(UserError.class, () -> ConfigOverrides.apply(root, List.of("run.max_train_steps")));
    }

    @Test
    void aSetConfigReachesTheUNetRecordsSectionBySection() {
        Path yaml = SharedFixtures.parityTrain().resolve("unet_stage2_tiny.yaml");
        UNetTrainConfig plain = UNetTrainConfig.load(yaml);
        assertEquals(LrSchedule.Shape.CONSTANT, plain.optimizer().lrScheduler());
        UNetTrainConfig c = UNetTrainConfig.load(UNetTrainConfig.withSettings(yaml, List.of("run.max_train_steps=7",
                "optimizer.lr_scheduler=cosine", "optimizer.lr_warmup_steps=3", "run.trepa_loss_weight=0",
                "data.batch_size=4", "ckpt.save_ckpt_steps=9")));
        assertEquals(7, c.run().maxTrainSteps());
        assertEquals(0.0, c.run().losses().trepa());
        assertEquals(plain.run().losses().sync(), c.run().losses().sync());
        assertEquals(4, c.batchSize());
        assertEquals(9, c.saveSteps());
        assertEquals(new OptimizerConfig(plain.optimizer().lr(), plain.optimizer().maxGradNorm(),
                LrSchedule.Shape.COSINE, 3), c.optimizer());
        Trainer.Plan plan = new RunOptions(null, null, null, false, null, null, null, null)
                .plan(new StepOptions(null, null, null, null, null), c.run().maxTrainSteps(), c.saveSteps(), c.saveSteps(), c.optimizer());
        assertEquals(new LrSchedule(plain.optimizer().lr(), LrSchedule.Shape.COSINE, 3, 7), plan.lr(),
                "the config's schedule, ending at the run's last step");
        Trainer.Plan cli = new RunOptions(null, null, null, false, null, 5L, null, null).plan(new StepOptions(null, null,
                1e-3, LrSchedule.Shape.CONSTANT, 0L), 7, 9, 9, c.optimizer());
        assertEquals(new LrSchedule(1e-3, LrSchedule.Shape.CONSTANT, 0, 5), cli.lr(), "options win over the config");
    }

    @Test
    void anUnknownSchedulerIsRefused() {
        UserError e = assertThrows(UserError.class, () -> OptimizerConfig.parse(Map.of("lr_scheduler", "polynomial"),
                1e-5, "x.yaml"));
        assertTrue(e.userMessage().contains("constant, constant_with_warmup or cosine"), e.userMessage());
    }
}
