/**
 * The OBS application: the obs-websocket connection, finding the clip and its voice, putting results in
 * the scene, the plugin installer ({@code obs}); the daemon that turns OBS triggers into render jobs
 * ({@code obs.daemon}); the dock's loopback HTTP server ({@code obs.dock}).
 *
 * <p>Why one room rather than a host interface: everything the daemon does (vendor events, scene items,
 * input settings, media sources) is OBS's vocabulary, and OBS is the only host. An interface today would
 * have one implementation and OBS's shape; a second host would get its own package beside this one, reusing
 * {@code pipeline} and {@code latentsync} as this one does.
 */
package io.lipsync.obs;
