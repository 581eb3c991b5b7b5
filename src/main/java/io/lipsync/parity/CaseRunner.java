package io.lipsync.parity;

import ai.djl.ndarray.NDManager;

/** Computes a case's outputs with the engine. */
@FunctionalInterface
public interface CaseRunner {
    CaseOutputs run(ParityCase c, Fixtures fixtures, NDManager manager) throws Exception;
}
