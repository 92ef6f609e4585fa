package org.htsr.spark.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Model and step from real-world checkpoint paths: training runs, Hugging Face hub caches, user regexes. */
class CheckpointNamingTest {

  private static final CheckpointNaming PATH_RULES = new CheckpointNaming(Optional.empty());

  private static CheckpointNaming.Naming name(String path) {
    return PATH_RULES.name(path, false);
  }

  @Test
  void trainingRunsNameTheStepAndTheRunAboveIt() {
    assertEquals(new CheckpointNaming.Naming("run-a", 1200L), name("file:/zoo/run-a/checkpoint-1200/model.safetensors"));
    assertEquals(new CheckpointNaming.Naming("gpt", 500L), name("s3a://bucket/gpt/step_500/weights.pt"));
    assertEquals(new CheckpointNaming.Naming("bert", 7L), name("/m/bert/global_step7/pytorch_model.bin"));
    assertEquals(new CheckpointNaming.Naming("resnet", 3L), name("/m/resnet/epoch=3/last.ckpt"));
    assertEquals(new CheckpointNaming.Naming("runs", 7L), name("/m/runs/ckpt-7.safetensors"));
  }

  @Test
  void withoutAStepTheModelIsTheFileOrItsDirectory() {
    assertEquals(new CheckpointNaming.Naming("posenet-mobilenet-v1", null), name("/models/posenet-mobilenet-v1.safetensors"));
    assertEquals(new CheckpointNaming.Naming("llama", null), name("/models/llama/model.safetensors"));
    assertEquals(new CheckpointNaming.Naming("llama", null),
        PATH_RULES.name("/models/llama/diffusion-like.safetensors.index.json", true), "a sharded checkpoint: its directory");
  }

  @Test
  void huggingFaceHubCachesGiveOrgSlashName() {
    String snapshot = "/home/u/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B/snapshots/d04e592bb4f6aa9cfee91e2e20afa771667e1d4b/";
    assertEquals(new CheckpointNaming.Naming("meta-llama/Llama-3.1-8B", null), name(snapshot + "model-00001-of-00004.safetensors"));
    assertEquals(new CheckpointNaming.Naming("meta-llama/Llama-3.1-8B", null),
        PATH_RULES.name(snapshot + "model.safetensors.index.json", true));
    assertEquals(new CheckpointNaming.Naming("openai-community/gpt2", null),
        name("file:/cache/models--openai-community--gpt2/snapshots/607a30d783dfa663caf39e06633721c8d4cfcd7e/model.safetensors"));
    // a hub snapshot of a repository that stores training checkpoints keeps their steps
    assertEquals(new CheckpointNaming.Naming("org/run", 200L),
        name("/cache/models--org--run/snapshots/abc/checkpoint-200/model.safetensors"));
  }

  @Test
  void aUserRegexOverridesEitherPart() {
    CheckpointNaming regex = new CheckpointNaming(Optional.of(Pattern.compile("/exp(?<model>\\d+)/w(?<step>\\d+)\\.npz$")));
    assertEquals(new CheckpointNaming.Naming("42", 9L), regex.name("/data/exp42/w9.npz", false));
    assertEquals(new CheckpointNaming.Naming("run-a", 1200L), regex.name("/zoo/run-a/checkpoint-1200/model.safetensors", false),
        "no match: the path rules");
    CheckpointNaming bad = new CheckpointNaming(Optional.of(Pattern.compile("/(?<step>[a-z]+)/")));
    assertThrows(IllegalArgumentException.class, () -> bad.name("/zoo/abc/model.safetensors", false));
  }
}
