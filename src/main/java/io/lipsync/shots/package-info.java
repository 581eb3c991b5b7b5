/** Shot (scene cut) detection on decoded frames, as PySceneDetect scores them: the data pipeline cuts sources into shots with it, evaluation splits videos before tracking faces. */
package io.lipsync.shots;
