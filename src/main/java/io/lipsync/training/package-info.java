/**
 * The training substrate every trainer uses: torch's AdamW, global-norm gradient clipping and dynamic loss
 * scaling, each reproducing torch's arithmetic so that a Java trainer follows upstream's trajectory.
 */
package io.lipsync.training;
