/**
 * Measuring lip sync and video quality: SyncNet-v2's offset and confidence (LSE-C, LSE-D), shared by
 * {@code lipsync eval} and the data pipeline's sync filter.
 */
package io.lipsync.eval;
